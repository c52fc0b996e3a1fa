import { isSupported } from './i18n/locale.ts'

/**
 * The widget's configuration, read once from its own `<script>` tag's data attributes.
 * A bad value never throws: it logs one warning naming the attribute and the default is used.
 *
 * | attribute | default | |
 * |---|---|---|
 * | data-relay | origin of the script's src | relay base URL |
 * | data-title | Dify site title, else "Chat" | header title |
 * | data-color | #2563eb | accent, any CSS color |
 * | data-theme | auto | light, dark, auto |
 * | data-position | right | right, left |
 * | data-open | false | open the panel on load |
 * | data-welcome | Dify opening statement | first assistant bubble |
 * | data-placeholder | localized "Type a message…" | composer placeholder |
 * | data-lang | page lang, then navigator | en, de, fr, es, pt, zh, ja, ar |
 * | data-inputs | none | JSON object of Dify app inputs |
 * | data-mode | bubble | bubble, inline |
 * | data-target | – | CSS selector of the inline container |
 *
 * @example
 * <script src="https://relay.example.com/widget.js" data-color="#0f766e" data-position="left"
 *   data-lang="de" data-inputs='{"plan":"pro"}' async></script>
 */
export interface WidgetConfig {
  /** Relay base URL without a trailing slash. */
  relay: string
  title: string | null
  color: string
  theme: 'light' | 'dark' | 'auto'
  position: 'right' | 'left'
  open: boolean
  welcome: string | null
  placeholder: string | null
  /** `data-lang` when supported; the page and browser languages are consulted later. */
  lang: string | null
  inputs: Record<string, unknown> | null
  mode: 'bubble' | 'inline'
  target: string | null
}

export const DEFAULT_COLOR = '#2563eb'

/** Every configuration problem is one console warning naming the attribute. */
export const warnConsole = (message: string): void => console.warn(`[parley] ${message}`)

export const invalid = (key: string, value: string): string =>
  `data-${key}="${value}" is not valid; using the default`

const COLOR = /^(#([\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})|[a-z]+(\([^;{}()]*\))?)$/i

/** Attribute → validator returning the parsed value, or undefined when the value is bad. */
const PARSERS: Record<string, (value: string, base: string) => unknown> = {
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
  theme: (value) => oneOf(value, 'light', 'dark', 'auto'),
  position: (value) => oneOf(value, 'right', 'left'),
  mode: (value) => oneOf(value, 'bubble', 'inline'),
  open: (value) =>
    value === '' || value === 'true' ? true : value === 'false' ? false : undefined,
  lang: (value) => (isSupported(value) ? value : undefined),
  inputs(value) {
    const parsed: unknown = JSON.parse(value)
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined
  },
}

const oneOf = (value: string, ...allowed: string[]) => {
  const v = value.toLowerCase()
  return allowed.includes(v) ? v : undefined
}

/** Reads the data attributes of `script` (null when the tag was not found: all defaults). */
export function readConfig(
  script: HTMLOrSVGScriptElement | null,
  base: string,
  warn = warnConsole,
): WidgetConfig {
  const data = script?.dataset ?? {}
  const src = (script as HTMLScriptElement | null)?.src || base
  const text = (key: string) => data[key]?.trim() || null
  const read = <T>(key: string, fallback: T): T => {
    const raw = data[key]?.trim()
    if (raw === undefined) return fallback
    let value: unknown
    try {
      value = PARSERS[key]?.(raw, base)
    } catch {}
    if (value !== undefined) return value as T
    warn(invalid(key, raw))
    return fallback
  }
  let origin = ''
  try {
    origin = new URL(src).origin
  } catch {}
  const config: WidgetConfig = {
    relay: read('relay', origin),
    title: text('title'),
    color: read('color', DEFAULT_COLOR),
    theme: read('theme', 'auto'),
    position: read('position', 'right'),
    open: read('open', false),
    welcome: text('welcome'),
    placeholder: text('placeholder'),
    lang: read('lang', null),
    inputs: read('inputs', null),
    mode: read('mode', 'bubble'),
    target: text('target'),
  }
  if (config.mode === 'inline' && !config.target) {
    warn(invalid('mode', 'inline" without data-target="'))
    config.mode = 'bubble'
  }
  return config
}
