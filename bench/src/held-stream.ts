/** An answer stream held open by the load generator: is it alive, and did anything go wrong? */
import { type ClientRequest, request } from 'node:http'
import { agent } from './sse-client.ts'

export interface HeldStream {
  /** Bytes received so far. */
  readonly bytes: number
  /** Why it failed (non-200, socket error, an `error` event, or ending early), if it did. */
  readonly failure: string | null
  close(): void
}

/** Opens `POST /api/chat`; resolves once the first event (`start`) arrived, rejects on failure. */
export function holdStream(relayUrl: string, token: string): Promise<HeldStream> {
  const payload = JSON.stringify({ query: 'hold' })
  let bytes = 0
  let failure: string | null = null
  let closing = false
  let req: ClientRequest | undefined
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      if (closing || failure) return
      failure = why
      reject(new Error(why))
    }
    const held: HeldStream = {
      get bytes() {
        return bytes
      },
      get failure() {
        return failure
      },
      close() {
        closing = true
        req?.destroy()
      },
    }
    req = request(
      `${relayUrl}/api/chat`,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        if (res.statusCode !== 200) return fail(`status ${res.statusCode}`)
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          bytes += chunk.length
          if (chunk.includes('event: error')) fail(`error event: ${chunk.slice(0, 200)}`)
          else if (chunk.includes('data:')) resolve(held)
        })
        res.on('end', () => fail('ended early'))
        res.on('error', (error) => fail(error.message))
      },
    )
    req.on('error', (error) => fail(error.message))
    req.end(payload)
  })
}
