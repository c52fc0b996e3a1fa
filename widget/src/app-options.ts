/**
 * The data attributes only the app needs, read when it starts (so their warnings, like their
 * bytes, wait for the app).
 *
 * | attribute | default | |
 * |---|---|---|
 * | data-title | Dify site title, else "Chat" | header title |
 * | data-theme | auto | light, dark, auto |
 * | data-welcome | Dify opening statement | first assistant bubble |
 * | data-placeholder | localized "Type a message…" | composer placeholder |
 * | data-inputs | none | JSON object of Dify app inputs |
 * | data-image-origins | – | space- or comma-separated origins answers may show images from |
 * | data-app | the relay's first app | which of the relay's apps to talk to |
 * | data-user-token | – | the signed-in user's token from the site's backend (README: Signed-in users) |
 * | data-login-url | – | the site's sign-in page, linked when the app serves signed-in users only |
 * | data-persist | tab | where the conversation is kept: tab, browser (later visits too), none |
 * | data-launcher | – | `none`: no launcher (the page opens the chat with its own button) |
 * | data-icon | chat glyph | the launcher's image (an http(s) URL relative to the page), or `none` |
 * | data-context | – | `url`, `title` (commas or spaces between): the page as app inputs (page-context.ts) |
 *
 * The footer's and the answer icon's are the look chunk's (look/look-options.ts).
 */
import { MAX_USER_TOKEN_CHARS } from '@parley/shared'
import {
  type AppOptions,
  attributeReader,
  type Data,
  kebab,
  oneOf,
  pageUrl,
  warnConsole,
} from './config.ts'

const PARSERS = {
  theme: (value: string) => oneOf(value, 'light', 'dark', 'auto'),
  inputs(value: string) {
    const parsed: unknown = JSON.parse(value)
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined
  },
  imageOrigins(value: string) {
    const urls = value
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((o) => new URL(o))
    return urls.every((u) => /^https?:$/.test(u.protocol)) ? urls.map((u) => u.origin) : undefined
  },
  // The relay's app ids (PARLEY_CONFIG); one it does not serve is its 404, shown like any error.
  app: (value: string) => (/^[a-z0-9][a-z0-9_-]{0,39}$/.test(value) ? value : undefined),
  // A JWT's three base64url parts; the relay checks the rest.
  userToken: (value: string) =>
    /^[\w-]+\.[\w-]+\.[\w-]*$/.test(value) && value.length <= MAX_USER_TOKEN_CHARS
      ? value
      : undefined,
  persist: (value: string) => oneOf(value, 'tab', 'browser', 'none'),
  loginUrl: pageUrl,
  launcher: (value: string) => (value === 'none' ? value : undefined),
  icon: (value: string) => (value === 'none' ? value : pageUrl(value)),
  context(value: string) {
    const parts = value
      .toLowerCase()
      .split(/[\s,]+/)
      .filter(Boolean)
    return parts.every((part) => part === 'url' || part === 'title') ? parts : undefined
  },
}

export function readAppOptions(data: Data, warn = warnConsole): AppOptions {
  const { text, read } = attributeReader(data, PARSERS, '', warn, kebab)
  return {
    title: text('title'),
    theme: read('theme', 'auto'),
    welcome: text('welcome'),
    placeholder: text('placeholder'),
    inputs: read('inputs', null),
    imageOrigins: read('imageOrigins', []),
    app: read('app', null),
    userToken: read('userToken', null),
    loginUrl: read('loginUrl', null),
    persist: read('persist', 'tab'),
    context: read('context', []),
    launcher: read('launcher', null),
    icon: read('icon', null),
  }
}
