/** The client's IP address, for per-IP limits (and debug logs). */
import type { Context } from 'hono'

export type ClientIp = (c: Context) => string | undefined

/**
 * With `trustProxy`, the last `X-Forwarded-For` entry: the address our proxy saw. Entries before it
 * were written by the client and could be anything. Otherwise (and when the header is absent) the
 * connection's address from the runtime entry.
 */
export function clientIpResolver(trustProxy: boolean, fromConnection?: ClientIp): ClientIp {
  return (c) => {
    if (trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()
      if (forwarded) return forwarded
    }
    return fromConnection?.(c)
  }
}
