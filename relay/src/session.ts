/** Visitor session tokens: HS256 JWTs `{ sub, iat, exp }` whose `sub` is the visitor's Dify `user`. */
import { sign, verify } from 'hono/jwt'

export interface Session {
  token: string
  visitor: string
  /** Unix milliseconds. */
  expiresAt: number
}

/** A new random visitor id; the prefix makes them recognisable among Dify's end users. */
export function newVisitorId(): string {
  return `v_${crypto.randomUUID().replaceAll('-', '')}`
}

export async function signSession(secret: string, ttlMs: number, now: number): Promise<Session> {
  const visitor = newVisitorId()
  const iat = Math.floor(now / 1000)
  const exp = Math.floor((now + ttlMs) / 1000)
  const token = await sign({ sub: visitor, iat, exp }, secret, 'HS256')
  return { token, visitor, expiresAt: exp * 1000 }
}

/**
 * The visitor id of a valid, unexpired token, else null. Expiry is checked against `now` rather than
 * the library's own clock so that tests and the injected clock agree.
 */
export async function verifySession(
  token: string,
  secret: string,
  now: number,
): Promise<string | null> {
  try {
    const payload = await verify(token, secret, { alg: 'HS256', exp: false, iat: false })
    const { sub, exp } = payload
    if (typeof sub !== 'string' || !sub.startsWith('v_')) return null
    if (typeof exp !== 'number' || exp * 1000 <= now) return null
    return sub
  } catch {
    return null
  }
}
