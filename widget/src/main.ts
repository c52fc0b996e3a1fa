/**
 * Script-tag entry. Captures its own <script> while it runs (currentScript is null later), reads its
 * data attributes, installs `window.Parley`, and mounts once the document has a body.
 */
import { readConfig } from './config.ts'
import { createApi, type ParleyApi } from './parley-api.ts'
import { init } from './widget.ts'

declare global {
  interface Window {
    Parley?: ParleyApi
  }
}

const current = document.currentScript

/** Our tag when currentScript is unavailable (injected by a loader): the last widget.js tag. */
function findScript(): HTMLScriptElement | null {
  const tags = document.querySelectorAll<HTMLScriptElement>(
    'script[data-relay],script[src*="widget.js"]',
  )
  return tags[tags.length - 1] ?? null
}

if (!window.Parley) {
  const script = current ?? findScript()
  const config = readConfig(script, location.href)
  const api = createApi(() => {
    try {
      init(config)
    } catch (e) {
      console.error('[parley]', e)
    }
  }, '0.1.0')
  window.Parley = api
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => api.init(), { once: true })
  } else api.init()
}
