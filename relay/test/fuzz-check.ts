/** Sends one fuzzed request and checks the relay's promises about its answer. */
import { ERROR_STATUS, readEventStream, type WidgetEvent } from '@parley/shared'

export interface FuzzRequest {
  method: string
  path: string
  headers: Record<string, string>
  body: string | Uint8Array | null
}

const CODES = new Set(Object.keys(ERROR_STATUS))

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms)
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

type Fetch = (request: Request) => Response | Promise<Response>

/** Sends one request and checks the relay's promises about its answer; throws on a broken one. */
export async function checkAnswer(fetch: Fetch, r: FuzzRequest, deadlineMs = 5000): Promise<void> {
  let request: Request
  try {
    const hasBody = r.body !== null && !['GET', 'HEAD'].includes(r.method.toUpperCase())
    request = new Request(`http://relay.test${r.path}`, {
      method: r.method,
      headers: r.headers,
      ...(hasBody && { body: r.body }),
    })
  } catch {
    return // not a request a client can send (e.g. a body on GET)
  }
  const what = `${r.method} ${r.path.slice(0, 120)}`
  const res = await within(Promise.resolve(fetch(request)), deadlineMs, what)
  if (res.status >= 500) throw new Error(`${res.status} for ${what}: ${await res.text()}`)
  const type = res.headers.get('content-type') ?? ''
  if (type.startsWith('text/event-stream') && res.body) {
    const events: WidgetEvent[] = []
    await within(
      readEventStream(res.body, (e) => events.push(e)),
      deadlineMs,
      what,
    )
    const last = events.at(-1)?.type
    if (last !== 'end' && last !== 'error') throw new Error(`stream ended with ${last}: ${what}`)
    return
  }
  const text = await within(res.text(), deadlineMs, what)
  if (res.status < 400 || request.method === 'HEAD') return
  if (!type.startsWith('application/json')) throw new Error(`${res.status} not JSON: ${what}`)
  const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }
  const { code, message } = parsed.error ?? {}
  if (typeof code !== 'string' || !CODES.has(code) || typeof message !== 'string' || !message) {
    throw new Error(`bad error body ${text.slice(0, 200)} for ${what}`)
  }
  if (ERROR_STATUS[code as keyof typeof ERROR_STATUS] !== res.status) {
    throw new Error(`${code} with status ${res.status} for ${what}`)
  }
}
