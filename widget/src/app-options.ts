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
 */
import { type AppOptions, attributeReader, type Data, kebab, oneOf, warnConsole } from './config.ts'

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
  }
}
