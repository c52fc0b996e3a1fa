/** A fake relay for tests: a fetch stub routing `METHOD /path` to handlers, recording calls. */
import type { HistoryMessage, WidgetEvent } from '@parley/shared'
import { encodeEvent } from '@parley/shared'

export type Handler = (req: {
  body: unknown
  headers: Headers
  url: URL
  signal?: AbortSignal | null
}) => Response | Promise<Response>

export interface FakeRelay {
  fetch: typeof fetch
  calls: { method: string; path: string; auth: string | null; body: unknown }[]
  on(route: string, handler: Handler): void
}

export const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

export const error = (code: string, status: number, message = code): Response =>
  json({ error: { code, message } }, status)

/**
 * An SSE response; each entry is a widget event or a raw chunk (to split frames anywhere), sent
 * `pace` ms apart (default: one macrotask apart).
 */
export function sse(
  parts: (WidgetEvent | string)[],
  opts: { hold?: Promise<void>; pace?: number } = {},
): Response {
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const part of parts) {
        controller.enqueue(encoder.encode(typeof part === 'string' ? part : encodeEvent(part)))
        await new Promise((r) => setTimeout(r, opts.pace ?? 0))
      }
      if (opts.hold) await opts.hold
      controller.close()
    },
  })
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
}

export function fakeRelay(base = 'https://relay.test'): FakeRelay {
  const routes = new Map<string, Handler>()
  let sessions = 0
  routes.set('POST /api/session', () =>
    json({ token: `tok${++sessions}`, expiresAt: '2099-01-01T00:00:00Z' }, 201),
  )
  routes.set('GET /healthz', () => json({ ok: true, mode: 'dify', version: 'test' }))
  const relay: FakeRelay = {
    calls: [],
    on(route, handler) {
      routes.set(route, handler)
    },
    fetch: (async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input), base)
      const method = init.method ?? 'GET'
      const headers = new Headers(init.headers)
      const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined
      relay.calls.push({ method, path: url.pathname, auth: headers.get('authorization'), body })
      const key = [...routes.keys()].find((k) => {
        const [m, p] = k.split(' ')
        return (
          m === method && new RegExp(`^${(p ?? '').replace(/:\w+/g, '[^/]+')}$`).test(url.pathname)
        )
      })
      if (!key) return error('not_found', 404)
      if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError')
      return (routes.get(key) as Handler)({ body, headers, url, signal: init.signal ?? null })
    }) as typeof fetch,
  }
  return relay
}

/** One turn of `GET /api/conversations/:id/messages`: a saved, normal answer unless overridden. */
export const historyTurn = (overrides: Partial<HistoryMessage> = {}): HistoryMessage => ({
  id: 'm1',
  conversationId: 'c1',
  query: 'hi',
  answer: '',
  createdAt: 0,
  feedback: null,
  sources: [],
  files: [],
  queryFiles: [],
  status: 'normal',
  error: null,
  form: null,
  ...overrides,
})
