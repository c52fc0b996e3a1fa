/**
 * One browser engine behind a small interface, so a journey is written once and runs everywhere:
 * Chromium (playwright-core), Firefox (puppeteer-core over WebDriver BiDi) and WebKit (webdriverio
 * over WebKitWebDriver and MiniBrowser). Each is Debian's own browser (scripts/ensure-system-deps.sh
 * installs them); a browser is never downloaded.
 *
 * The drivers are deliberately thin: a click is a mouse click at a point of the viewport, typing
 * is one key down/up per character, and everything else (finding the widget's parts in its shadow
 * root, waiting, reading state) is done by functions evaluated in the page, the same in every engine.
 */

export type EngineName = 'chromium' | 'firefox' | 'webkit'

/** The keys journeys press. Shift+Enter adds a new line in the composer; Enter sends. */
export type Key = 'Enter' | 'Shift+Enter' | 'Escape' | 'Tab' | 'Shift+Tab'

export interface Viewport {
  width: number
  height: number
}

export const DEFAULT_VIEWPORT: Viewport = { width: 1280, height: 800 }

export interface OpenOptions {
  /** The layout viewport in CSS pixels (default 1280×800). */
  viewport?: Viewport
}

/** One visitor's tab: a fresh profile (no storage shared with other visits). */
export interface EngineDriver {
  readonly engine: EngineName
  goto(url: string): Promise<void>
  reload(): Promise<void>
  /**
   * Runs `fn(arg)` in the page and returns its JSON-serializable result. `fn` is serialized into the
   * page, so it must be self-contained (no closures, no imports).
   */
  evaluate<R, A = null>(fn: (arg: A) => R, arg?: A): Promise<Awaited<R>>
  /** A left mouse button press and release at a point of the viewport (CSS pixels). */
  clickAt(x: number, y: number): Promise<void>
  /** Types `text` into the focused element, one key down/up per character (no control keys). */
  type(text: string): Promise<void>
  press(key: Key): Promise<void>
  /**
   * Every console error and uncaught exception (or unhandled rejection) of this visit so far, across
   * navigations and reloads.
   */
  consoleErrors(): Promise<string[]>
  /** The viewport as a PNG, as this engine draws it. */
  screenshot(): Promise<Uint8Array>
  close(): Promise<void>
}

/** How a driver hands `EngineDriver.evaluate`'s function to its library (each types it its own way). */
export type PageFunction = (arg: unknown) => unknown

export interface Engine {
  readonly name: EngineName
  /** The browser's own name and version, e.g. `firefox/153.8.0`. */
  readonly version: string
  /** Opens `url` for a new visitor. */
  open(url: string, options?: OpenOptions): Promise<EngineDriver>
  close(): Promise<void>
}

/** Starts the engine's browser (its driver library is loaded only when it is used). */
export async function launchEngine(name: EngineName): Promise<Engine> {
  switch (name) {
    case 'chromium':
      return (await import('./engines/chromium.ts')).launchChromiumEngine()
    case 'firefox':
      return (await import('./engines/firefox.ts')).launchFirefoxEngine()
    case 'webkit':
      return (await import('./engines/webkit.ts')).launchWebKitEngine()
  }
}

/** Rejects with `what` timed out if `promise` has not settled within `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
