/**
 * What the loader (`widget.js`) and the chunks it loads say to each other. A chunk announces itself
 * with one `parley-chunk` event on `document` while its script runs, naming that script, so the
 * loader that added the script (and no other) picks up what the chunk exports.
 */
import type { Data, LoaderConfig } from './config.ts'
import type { Language } from './i18n/languages.ts'

/** A built file the loader knows at build time: its hashed name and Subresource Integrity hash. */
export interface ChunkFile {
  file: string
  integrity: string
}

/**
 * A hashed file's name from its SRI hash: `<name>.<the digest's first 16 characters, URL-safe>.js`.
 * The build names files so, and the app derives its chunks' names so: it carries each hash once.
 */
export function chunkFile(name: string, integrity: string): ChunkFile {
  const digest = integrity.slice(integrity.indexOf('-') + 1, integrity.indexOf('-') + 17)
  return { file: `${name}.${digest.replace(/\+/g, '-').replace(/\//g, '_')}.js`, integrity }
}

export const CHUNK_EVENT = 'parley-chunk'

/** Called by a chunk's entry as it runs: tells its own script element what it exports. */
export function registerChunk(exports: unknown): void {
  document.currentScript?.dispatchEvent(new CustomEvent(CHUNK_EVENT, { detail: exports }))
}

/** The launcher the loader drew; the app drives it from then on. */
export interface LauncherHandle {
  button: HTMLButtonElement
  /** Panel state as the launcher shows it (icon, aria-expanded; the app adds the unread dot). */
  show(state: { open: boolean }): void
}

/** Everything the app takes over from the loader. */
export interface Handoff {
  config: LoaderConfig
  /** The script tag's data attributes, for the ones the app reads itself. */
  data: Data
  /**
   * UI language (a supported one) and direction, as the loader resolved them; no language when
   * neither data-lang, the page nor the browser names one the widget has (the launcher is English).
   */
  lang: Language | undefined
  dir: 'ltr' | 'rtl'
  root: ShadowRoot
  /** Null in inline mode. */
  launcher: LauncherHandle | null
  /** Loads another chunk of this build (same SRI pinning as the app). */
  load(chunk: ChunkFile): Promise<unknown>
}

/** `Parley.open(options)`: a question to put in the composer, or to send at once. */
export interface OpenOptions {
  message?: string
  send?: boolean
}

/** The app's side of `window.Parley`. */
export interface AppControl {
  open(options?: OpenOptions): void
  close(): void
  toggle(): void
  send(text: string): void
  /** Opens the panel and generates from `inputs` (text-generation and workflow apps). */
  generate(inputs: Record<string, unknown>): void
  /** More app inputs, as if data-inputs had them: sent from now on, and the start form asks no more. */
  setInputs(inputs: Record<string, unknown>): void
  reset(): void
  /** Signs the visitor in with the user token the site's backend signed. */
  identify(token: string): void
  /** Forgets the signed-in user and their conversation in this browser. */
  logout(): void
  destroy(): void
}

/** What the app chunk exports. */
export interface AppChunk {
  start(handoff: Handoff): AppControl
}
