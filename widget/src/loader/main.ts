/**
 * `widget.js`, the script tag's entry and all that every page view pays: reads the tag's data
 * attributes, installs `window.Parley` (the page's first widget; `Parley.get(app)` finds each), and
 * draws the launcher once the document has a body. The
 * chat app itself comes later (see loader.ts).
 */
import { readLoaderConfig } from '../config.ts'
import type { ChunkFile } from '../handoff.ts'
import { createLoader, type ParleyApi } from './loader.ts'

declare global {
  interface Window {
    Parley?: ParleyApi
  }
}

// Set by the build: the app chunk's hashed file name and SRI hash, and the package version.
declare const __PARLEY_APP__: ChunkFile
declare const __PARLEY_VERSION__: string

// currentScript is null for a tag some loaders inject in odd ways: then the tag is found by its src.
const script =
  document.currentScript ??
  document.querySelector<HTMLScriptElement>('script[data-relay],script[src*="widget.js"]')

const data = { ...script?.dataset }
const first = window.Parley

// A tag run again (a single-page app's navigation) finds its widget there and draws no second one.
if (!first?.get(data.app)) {
  // document.URL is location.href without a Location object (its first use costs a page view).
  const config = readLoaderConfig(data, (script as HTMLScriptElement | null)?.src, document.URL)
  const api = createLoader(config, data, __PARLEY_APP__, __PARLEY_VERSION__, first?.get)
  window.Parley ??= api
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => api.init(), { once: true })
  } else api.init()
}
