/** `GET /widget.js` (the built widget) and `GET /` (the page showing how to embed it). */
import { errorBody } from '@parley/shared'
import { Hono } from 'hono'
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

async function etagOf(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  const hex = Array.from(new Uint8Array(digest).slice(0, 12), (b) =>
    b.toString(16).padStart(2, '0'),
  )
  return `"${hex.join('')}"`
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t.replace(/^W\//, '') === etag
  })
}

export function widgetRoutes({ widgetJs, mode, trustProxy }: WidgetRoutesOptions) {
  // The ETag is recomputed only when the widget's text changes (e.g. rebuilt during development).
  let cached: { js: string; etag: string } | null = null

  return new Hono()
    .get('/widget.js', async (c) => {
      const js = await widgetJs()
      if (js === null) {
        return c.json(
          errorBody(
            'upstream_unavailable',
            'widget.js has not been built: run `npx pnpm@10 --filter @parley/widget build` (pnpm start does it).',
          ),
          503,
          { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' },
        )
      }
      if (cached?.js !== js) cached = { js, etag: await etagOf(js) }
      const headers = {
        'Access-Control-Allow-Origin': '*',
        'Cache-Control': 'public, max-age=300',
        'Cross-Origin-Resource-Policy': 'cross-origin',
        ETag: cached.etag,
        'X-Content-Type-Options': 'nosniff',
      }
      if (matches(c.req.header('if-none-match'), cached.etag)) return c.body(null, 304, headers)
      return c.body(js, 200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' })
    })
    .get('/', (c) => {
      const url = new URL(c.req.url)
      const proto = trustProxy
        ? c.req.header('x-forwarded-proto')?.split(',')[0]?.trim()
        : undefined
      const host = trustProxy ? c.req.header('x-forwarded-host')?.split(',')[0]?.trim() : undefined
      const relayUrl = `${proto === 'https' || proto === 'http' ? proto : url.protocol.slice(0, -1)}://${host ?? url.host}`
      return c.html(homePage({ relayUrl, mode }), 200, {
        'Content-Security-Policy': PAGE_CSP,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      })
    })
}
