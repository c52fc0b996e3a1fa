/** One HTTP call to Dify: the key, the body, a timeout, and Dify's failures as `DifyError`s. */
import { DifyError, errorFromResponse, networkError } from './errors.ts'

export interface SendInit {
  query?: Record<string, string | number | undefined>
  json?: unknown
  /** A body streamed as it is read (an upload on its way through), with its Content-Type. */
  body?: { stream: ReadableStream<Uint8Array>; contentType: string }
}

export interface SenderOptions {
  /** Service API base without trailing slash. */
  base: string
  apiKey: string
  fetch: (request: Request) => Promise<Response>
  /** Applied to every upstream text before it is read (see redact.ts). */
  redact: (text: string) => string
}

export type Send = (
  method: string,
  path: string,
  init: SendInit,
  timeoutMs: number,
) => Promise<{ res: Response; clear: () => void }>

/** Failures worth one more try of a read: Dify's 5xx and connections that broke (not our timeouts). */
const transient = new WeakSet<DifyError>()

export const isTransient = (err: unknown): boolean => err instanceof DifyError && transient.has(err)

/**
 * Resolves at the response headers of a 2xx, with `clear` to stop the timeout once the body is
 * read; rejects with a `DifyError` otherwise.
 */
export function createSender({ base, apiKey, fetch: doFetch, redact }: SenderOptions): Send {
  return async function send(method, path, init, timeoutMs) {
    const url = new URL(`${base}${path}`)
    for (const [key, value] of Object.entries(init.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value))
    }
    const headers = new Headers({ Authorization: `Bearer ${apiKey}` })
    let body: RequestInit['body']
    if (init.json !== undefined) {
      headers.set('Content-Type', 'application/json')
      body = JSON.stringify(init.json)
    } else if (init.body) {
      headers.set('Content-Type', init.body.contentType)
      body = init.body.stream
    }
    // fetch sends a stream body only when told it is half-duplex (the answer comes after it).
    const duplex = init.body ? ({ duplex: 'half' } as const) : {}
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeoutMs)
    const clear = () => clearTimeout(timer)
    try {
      const pending = doFetch(
        // A redirect would re-send the key to wherever it points: never followed.
        new Request(url, {
          method,
          headers,
          body,
          signal: controller.signal,
          redirect: 'manual',
          ...duplex,
        }),
      )
      // Race the abort too: an injected fetch (demo or test upstream) may not honour the signal.
      let onAbort = () => {}
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(new Error('timeout'))
        controller.signal.addEventListener('abort', onAbort, { once: true })
      })
      let res: Response
      try {
        res = await Promise.race([pending, aborted])
      } finally {
        // The signal lives as long as the answer: a listener left on it would hold the race's
        // promises, and through them this Response, until the answer ends.
        controller.signal.removeEventListener('abort', onAbort)
      }
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel().catch(() => undefined)
        throw redirectError(res, url)
      }
      if (!res.ok) {
        const error = await errorFromResponse(res, redact)
        if (res.status >= 500) transient.add(error)
        throw error
      }
      return { res, clear }
    } catch (err) {
      clear()
      if (err instanceof DifyError) throw err
      const error = networkError(timedOut)
      // A timeout already cost the caller its whole budget; a refused or reset connection did not.
      if (!timedOut) transient.add(error)
      throw error
    }
  }
}

/** Dify never redirects its API: a 3xx means DIFY_API_URL points at the wrong place. */
function redirectError(res: Response, from: URL): DifyError {
  let to = 'no Location'
  try {
    const target = new URL(res.headers.get('location') ?? '', from)
    to = `${target.origin}${target.pathname}`.slice(0, 200)
  } catch {
    // An unreadable Location says as much.
  }
  return new DifyError(
    'upstream_error',
    'The assistant is unavailable right now. Please try again later.',
    {
      retryable: false,
      reason: `DIFY_API_URL answers ${from.pathname} with a redirect (${res.status} to ${to}); set DIFY_API_URL to the address Dify is served at`,
    },
  )
}
