/**
 * The widget's configuration: its `<script>` tag's data attributes. The loader reads what it needs
 * to draw the launcher and fetch the app (`readLoaderConfig`); the app reads the rest when it starts
 * (app-options.ts). A bad value never throws: it logs one warning naming the attribute and the
 * default is used.
 *
 * | attribute | default | |
 * |---|---|---|
 * | data-relay | origin of the script's src | relay base URL |
 * | data-color | #2563eb | accent, any CSS color |
 * | data-position | right | right, left |
 * | data-open | false | open the panel on load |
 * | data-lang | page lang, then navigator | en, de, fr, es, pt, zh, ja, ar |
 * | data-mode | bubble | bubble, inline |
 * | data-target | – | CSS selector of the inline container |
 * | data-preload | intent | when to load the chat app: intent, idle, eager, click |
 *
 * @example
 * <script src="https://relay.example.com/widget.js" data-color="#0f766e" data-position="left"
 *   data-lang="de" data-inputs='{"plan":"pro"}' async></script>
 */
import { isSupported } from './i18n/languages.ts'

export interface LoaderConfig {
  /** Relay base URL without a trailing slash. */
  relay: string
  color: string
  position: 'right' | 'left'
  open: boolean
  /** `data-lang` when supported; the page and browser languages are consulted later. */
  lang: string | null
  mode: 'bubble' | 'inline'
  target: string | null
  /**
   * When the loader fetches the chat app: on the launcher's first hover/focus/touch (`intent`), in
   * idle time after the page's load event (`idle`), at once (`eager`), or on the click (`click`).
   */
  preload: 'intent' | 'idle' | 'eager' | 'click'
}

/**
 * Where this tab keeps its session with `relay`, per app: `dataApp` is the tag's data-app as written,
 * which the loader reads without the app's checks ('' when the tag names none).
 */
export const storageKey = (relay: string, dataApp = ''): string => `parley:${relay}#${dataApp}`

/** The attributes only the app reads (see app-options.ts). */
export interface AppOptions {
  title: string | null
  theme: 'light' | 'dark' | 'auto'
  welcome: string | null
  placeholder: string | null
  inputs: Record<string, unknown> | null
  /** Origins (besides the relay's and Dify's file origin) whose images answers may show. */
  imageOrigins: string[]
  /** The relay app (`data-app`, one of the relay's PARLEY_CONFIG apps); null: the relay's first. */
  app: string | null
  /** The site's signed user token (`data-user-token`); null: an anonymous visitor. */
  userToken: string | null
  /** Where the sign-in prompt links when the app serves signed-in users only (`data-login-url`). */
  loginUrl: string | null
  /** Where the session and conversation are kept (`data-persist`, see stores/session.ts). */
  persist: 'tab' | 'browser' | 'none'
  /** What of the page goes with each message as app inputs (`data-context`, see page-context.ts). */
  context: ('url' | 'title')[]
  /**
   * `data-launcher="none"` and `data-icon`, as checked here (with their warnings); the loader, which
   * acts on them before the app is there, takes them as written (see loader.ts).
   */
  launcher: 'none' | null
  icon: string | null
}

export type WidgetConfig = LoaderConfig & AppOptions

/** The script tag's data attributes as `dataset` names them. */
export type Data = Readonly<Record<string, string | undefined>>

type Parsers = Record<string, (value: string, base: string) => unknown>

export const DEFAULT_COLOR = '#2563eb'

/** Every configuration problem is one console warning naming the attribute. */
export const warnConsole = (message: string): void => console.warn(`[parley] ${message}`)

/** `attribute` as written on the tag, without `data-`: the loader's are one word each. */
export const invalid = (attribute: string, value: string): string =>
  `data-${attribute}="${value}" is not valid; using the default`

/** A dataset key as the attribute it comes from (`imageOrigins` → `image-origins`). */
export const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

export const oneOf = (value: string, ...allowed: string[]): string | undefined => {
  const v = value.toLowerCase()
  return allowed.includes(v) ? v : undefined
}

/** An http(s) URL, relative to the page (a parser for the link attributes). */
export function pageUrl(value: string): string | undefined {
  const url = new URL(value, document.baseURI)
  return /^https?:$/.test(url.protocol) ? url.href : undefined
}

/** Reads attributes through `parsers` (a parser returns undefined, or throws, for a bad value). */
export function attributeReader(
  data: Data,
  parsers: Parsers,
  base: string,
  warn: typeof warnConsole,
  attribute: (key: string) => string = (key) => key,
) {
  return {
    text: (key: string): string | null => data[key]?.trim() || null,
    read<T>(key: string, fallback: T): T {
      const raw = data[key]?.trim()
      if (raw === undefined) return fallback
      let value: unknown
      try {
        value = parsers[key]?.(raw, base)
      } catch {}
      if (value !== undefined) return value as T
      warn(invalid(attribute(key), raw))
      return fallback
    },
  }
}

const COLOR = /^(#([\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})|[a-z]+(\([^;{}()]*\))?)$/i

const PARSERS: Parsers = {
  relay(value, base) {
    const url = new URL(value, base)
    return /^https?:$/.test(url.protocol)
      ? (url.origin + url.pathname).replace(/\/+$/, '')
      : undefined
  },
  color: (value) =>
    COLOR.test(value) && (typeof CSS === 'undefined' || CSS.supports('color', value))
      ? value
      : undefined,
  position: (value) => oneOf(value, 'right', 'left'),
  mode: (value) => oneOf(value, 'bubble', 'inline'),
  preload: (value) => oneOf(value, 'intent', 'idle', 'eager', 'click'),
  open: (value) =>
    value === '' || value === 'true' ? true : value === 'false' ? false : undefined,
  lang: (value) => (isSupported(value) ? value : undefined),
}

/** Reads the loader's attributes (`data`: the tag's dataset; `src`: its src, none when not found). */
export function readLoaderConfig(
  data: Data,
  src: string | undefined,
  base: string,
  warn = warnConsole,
): LoaderConfig {
  const { text, read } = attributeReader(data, PARSERS, base, warn)
  let origin = ''
  try {
    origin = new URL(src || base).origin
  } catch {}
  return {
    relay: read('relay', origin),
    color: read('color', DEFAULT_COLOR),
    position: read('position', 'right'),
    open: read('open', false),
    lang: read('lang', null),
    mode: read('mode', 'bubble'),
    target: text('target'),
    preload: read('preload', 'intent'),
  }
}
