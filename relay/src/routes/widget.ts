/**
 * `GET /widget.js` (the built widget), `GET /widget.js.sri` (its Subresource Integrity hash) and
 * `GET /` (the page showing how to embed it).
 */
import { errorBody } from '@parley/shared'
import { type Context, Hono } from 'hono'
import type { Mode } from '../types.ts'
import { homePage } from './home-page.ts'

export interface WidgetRoutesOptions {
  /** The built widget, or null when it has not been built. */
  widgetJs: () => Promise<string | null>
  mode: Mode
  /** Whether X-Forwarded-Proto/-Host may say how visitors reach the relay (TRUST_PROXY). */
  trustProxy: boolean
}

const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: https:",
  "media-src 'self' https:",
  "style-src 'unsafe-inline'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

interface Built {
  js: string
  etag: string
  /** `sha384-<base64>` of the exact bytes served, for the script tag's `integrity` attribute. */
  integrity: string
}

async function fingerprint(js: string): Promise<Built> {
  const bytes = new TextEncoder().encode(js)
  const [sha256, sha384] = await Promise.all([
    crypto.subtle.digest('SHA-256', bytes),
    crypto.subtle.digest('SHA-384', bytes),
  ])
  const hex = Array.from(new Uint8Array(sha256).slice(0, 12), (b) =>
    b.toString(16).padStart(2, '0'),
  )
  const base64 = btoa(String.fromCharCode(...new Uint8Array(sha384)))
  return { js, etag: `"${hex.join('')}"`, integrity: `sha384-${base64}` }
}

const NOT_BUILT = errorBody(
  'upstream_unavailable',
  'widget.js has not been built: run `npx pnpm@10 --filter @parley/widget build` (pnpm start does it).',
)

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t.replace(/^W\//, '') === etag
  })
}

export function widgetRoutes({ widgetJs, mode, trustProxy }: WidgetRoutesOptions) {
  // Hashes are recomputed only when the widget's text changes (e.g. rebuilt during development).
  let cached: Built | null = null
  const built = async (): Promise<Built | null> => {
    const js = await widgetJs()
    if (js === null) return null
    if (cached?.js !== js) cached = await fingerprint(js)
    return cached
  }
  const notBuilt = (c: Context) =>
    c.json(NOT_BUILT, 503, { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' })

  return new Hono()
    .get('/widget.js', async (c) => {
      const widget = await built()
      if (widget === null) return notBuilt(c)
      const headers = {
        'Access-Control-Allow-Origin': '*',
        'Cache-Control': 'public, max-age=300',
        'Cross-Origin-Resource-Policy': 'cross-origin',
        ETag: widget.etag,
        'X-Content-Type-Options': 'nosniff',
      }
      if (matches(c.req.header('if-none-match'), widget.etag)) return c.body(null, 304, headers)
      return c.body(widget.js, 200, {
        ...headers,
        'Content-Type': 'text/javascript; charset=utf-8',
      })
    })
    .get('/widget.js.sri', async (c) => {
      const widget = await built()
      if (widget === null) return notBuilt(c)
      // Same lifetime as widget.js, so a cached hash never outlives the script it describes.
      return c.text(widget.integrity, 200, {
        'Access-Control-Allow-Origin': '*',
        'Cache-Control': 'public, max-age=300',
        ETag: widget.etag,
        'X-Content-Type-Options': 'nosniff',
      })
    })
    .get('/', async (c) => {
      const url = new URL(c.req.url)
      const proto = trustProxy
        ? c.req.header('x-forwarded-proto')?.split(',')[0]?.trim()
        : undefined
      const host = trustProxy ? c.req.header('x-forwarded-host')?.split(',')[0]?.trim() : undefined
      const relayUrl = `${proto === 'https' || proto === 'http' ? proto : url.protocol.slice(0, -1)}://${host ?? url.host}`
      const widget = await built()
      const page = homePage({
        relayUrl,
        mode,
        integrity: widget?.integrity ?? null,
        ...(widget && { version: widget.etag.replaceAll('"', '') }),
      })
      return c.html(page, 200, {
        'Content-Security-Policy': PAGE_CSP,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      })
    })
}
