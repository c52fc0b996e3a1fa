/**
 * A lean event-stream client for timing (node:http, keep-alive): the moment the first `data:` line
 * arrives and the moment the response ends. It does not parse events, so the client costs the same
 * whether it talks to the relay or to the upstream directly.
 */
import { Agent, request } from 'node:http'

export const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY })

export interface StreamTiming {
  status: number
  /** ms from sending the request to the first `data:` line (pings and comments have none). */
  firstEventMs: number
  /** ms from sending the request to the end of the response. */
  totalMs: number
  /** How often `needle` occurred in the body (counted across chunk boundaries). */
  count: number
}

export interface PostOptions {
  headers?: Record<string, string>
  /** Count occurrences of this string in the body, e.g. `event: delta`. */
  needle?: string
  signal?: AbortSignal
}

export function postStream(url: string, body: unknown, options: PostOptions = {}) {
  const payload = JSON.stringify(body)
  const needle = options.needle ?? '\n\n'
  return new Promise<StreamTiming>((resolve, reject) => {
    const started = performance.now()
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...options.headers,
        },
        ...(options.signal && { signal: options.signal }),
      },
      (res) => {
        let firstEventMs = -1
        let count = 0
        let tail = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          const text = tail + chunk
          if (firstEventMs < 0 && text.includes('data:')) firstEventMs = performance.now() - started
          for (
            let at = text.indexOf(needle);
            at >= 0;
            at = text.indexOf(needle, at + needle.length)
          )
            count++
          // Too short to hold a whole needle, so nothing counted is counted again.
          tail = text.slice(Math.max(0, text.length - needle.length + 1))
        })
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            firstEventMs,
            totalMs: performance.now() - started,
            count,
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

/** `POST /api/session` on the relay: a fresh visitor's token. */
export async function mintSession(relayUrl: string): Promise<string> {
  const response = await fetch(`${relayUrl}/api/session`, { method: 'POST' })
  if (response.status !== 201) throw new Error(`POST /api/session: ${response.status}`)
  return ((await response.json()) as { token: string }).token
}
