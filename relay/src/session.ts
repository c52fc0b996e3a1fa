/**
 * Visitor session tokens: HS256 JWTs `{ sub, app, iat, exp }` whose `sub` is the visitor's Dify
 * `user` and `app` the relay app it was minted for (tokens from before apps existed: `default`).
 * `sub` is `v_<random>` for an anonymous visitor, `u_<sub>` for a signed-in user (identity.ts).
 */
import { sign, verify } from 'hono/jwt'

export interface Session {
  token: string
  visitor: string
  app: string
  /** Unix milliseconds. */
  expiresAt: number
}

/** WebCrypto's `CryptoKey` (not a global type name in Node's typings). */
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>

const MAX_CACHED_KEYS = 16
const keys = new Map<string, Promise<HmacKey | string>>()

/**
 * The HS256 key for `secret`, imported once per secret and reused: hono/jwt would otherwise import
 * the same raw key into WebCrypto on every sign and verify. hono/jwt takes the `CryptoKey` as it
 * takes the string, with the same checks. A secret that hono would read as PEM (it contains
 * `PRIVATE` or `PUBLIC`), or a runtime without WebCrypto, keeps the string, so hono decides as before.
 */
export function hmacKey(secret: string): Promise<HmacKey | string> {
  const known = keys.get(secret)
  if (known) return known
  const key =
    secret.includes('PRIVATE') || secret.includes('PUBLIC') || !crypto.subtle
      ? Promise.resolve(secret)
      : crypto.subtle
          .importKey(
            'raw',
            new TextEncoder().encode(secret),
            { name: 'HMAC', hash: 'SHA-256' },
            false,
            ['sign', 'verify'],
          )
          .catch(() => secret)
  // A handful of secrets at most (one per relay); the oldest goes first should many pass through.
  if (keys.size >= MAX_CACHED_KEYS) keys.delete(keys.keys().next().value as string)
  keys.set(secret, key)
  return key
}

/** A new random visitor id; the prefix makes them recognisable among Dify's end users. */
export function newVisitorId(): string {
  return `v_${crypto.randomUUID().replaceAll('-', '')}`
}

export async function signSession(
  secret: string,
  ttlMs: number,
  now: number,
  app = 'default',
  visitor = newVisitorId(),
): Promise<Session> {
  const iat = Math.floor(now / 1000)
  const exp = Math.floor((now + ttlMs) / 1000)
  const token = await sign({ sub: visitor, app, iat, exp }, await hmacKey(secret), 'HS256')
  return { token, visitor, app, expiresAt: exp * 1000 }
}

/** Who a valid token speaks for. */
export interface SessionClaims {
  visitor: string
  app: string
}

interface Claims extends SessionClaims {
  /** Unix milliseconds. */
  expiresAt: number
}

/** A token's visitor and expiry when hono/jwt finds it signed with `secret` (expiry not checked). */
async function verifiedClaims(token: string, secret: string): Promise<Claims | null> {
  try {
    const payload = await verify(token, await hmacKey(secret), {
      alg: 'HS256',
      exp: false,
      iat: false,
    })
    const { sub, exp, app = 'default' } = payload
    if (typeof sub !== 'string' || !(sub.startsWith('v_') || sub.startsWith('u_'))) return null
    if (typeof exp !== 'number' || typeof app !== 'string') return null
    return { visitor: sub, app, expiresAt: exp * 1000 }
  } catch {
    return null
  }
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
  const claims = await verifiedClaims(token, secret)
  return claims && claims.expiresAt > now ? claims.visitor : null
}

/**
 * The anonymous visitor an expired (or still valid) session token of `app` may go on as: signed
 * with `secret`, and expired less than `visitorTtlMs` ago. Signed-in users (`u_…`) sign in again
 * instead, so a renewal never yields one; a token of another app yields nothing.
 */
export async function renewableVisitor(
  token: string,
  secret: string,
  app: string,
  now: number,
  visitorTtlMs: number,
): Promise<string | null> {
  const claims = await verifiedClaims(token, secret)
  if (!claims || claims.app !== app || !claims.visitor.startsWith('v_')) return null
  return claims.expiresAt + visitorTtlMs > now ? claims.visitor : null
}

/**
 * `verifySession` for one secret, remembering the tokens it has found valid. A widget sends the
 * same token with every call of its session, and whether a token is signed with the secret never
 * changes, so a token seen valid skips the HMAC check (and WebCrypto's round trip through the
 * thread pool) until it expires; expiry is still checked against `now` every time. Only valid
 * tokens are remembered, at most `maxTokens`, the oldest forgotten first.
 */
export function sessionVerifier(
  secret: string,
  { maxTokens = 5000 }: { maxTokens?: number } = {},
): (token: string, now: number) => Promise<SessionClaims | null> {
  const known = new Map<string, Claims>()
  return async (token, now) => {
    let claims = known.get(token)
    if (!claims) {
      const verified = await verifiedClaims(token, secret)
      if (!verified || verified.expiresAt <= now) return null
      claims = verified
      if (known.size >= maxTokens) known.delete(known.keys().next().value as string)
      known.set(token, claims)
    }
    if (claims.expiresAt > now) return { visitor: claims.visitor, app: claims.app }
    known.delete(token)
    return null
  }
}
