/**
 * `GET /widget.js` (the widget's loader), `GET /widget.js.sri` (its Subresource Integrity hash),
 * `GET /widget/<name>.<hash>.js` (the app and lazy chunks the loader pins by SRI; immutable) and
 * `GET /` (the page showing how to embed it).
 */
import { errorBody } from '@parley/shared'
import { type Context, Hono } from 'hono'
import type { Mode } from '../types.ts'
import { homePage } from './home-page.ts'

export interface WidgetRoutesOptions {
  /** A built widget file by name, or null when it has not been built. */
  widgetFile: (name: string) => Promise<string | null>
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

/** A content-hashed file of the widget build: `app.<16 base64url characters>.js`. */
const HASHED = /^[a-z]+\.[\w-]{16}\.js$/

const SCRIPT_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'X-Content-Type-Options': 'nosniff',
}

export function widgetRoutes({ widgetFile, mode, trustProxy }: WidgetRoutesOptions) {
  // Hashes are recomputed only when the widget's text changes (e.g. rebuilt during development).
  let cached: Built | null = null
  const built = async (): Promise<Built | null> => {
    const js = await widgetFile('widget.js')
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
        ...SCRIPT_HEADERS,
        'Cache-Control': 'public, max-age=300',
        ETag: widget.etag,
      }
      if (matches(c.req.header('if-none-match'), widget.etag)) return c.body(null, 304, headers)
      return c.body(widget.js, 200, {
        ...headers,
        'Content-Type': 'text/javascript; charset=utf-8',
      })
    })
    .get('/widget/:file', async (c) => {
      const name = c.req.param('file')
      const js = HASHED.test(name) ? await widgetFile(name) : null
      if (js === null) {
        return c.json(errorBody('not_found', 'No such widget file.'), 404, {
          'Access-Control-Allow-Origin': '*',
          'Cache-Control': 'no-store',
        })
      }
      // The name changes with every byte, so browsers may keep it for good.
      return c.body(js, 200, {
        ...SCRIPT_HEADERS,
        'Cache-Control': 'public, max-age=31536000, immutable',
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
