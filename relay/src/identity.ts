/**
 * Signed-in users: the host's backend signs `{ sub, exp, name? }` (HS256) with the app's identity
 * secret, and the relay turns a valid token into the Dify user `u_<sub>`, the same on every device.
 * Anonymous visitors are `v_…` (session.ts) and no request can make one of those a `u_…`.
 */
import { MAX_USER_TOKEN_CHARS } from '@parley/shared'
import { verify } from 'hono/jwt'
import { hmacKey } from './session.ts'

/** What `sub` may be: ids, emails, `provider:id`. */
const SUB = /^[A-Za-z0-9._@:-]{1,128}$/

const MAX_NAME_CHARS = 200

export interface UserIdentity {
  /** The Dify user: `u_<sub>`. */
  user: string
  name?: string
}

/** Why a user token was refused, for the visitor's error message (never the token itself). */
export type IdentityRefusal = 'malformed' | 'signature' | 'expired' | 'claims'

/**
 * The identity in `token` when it is an HS256 JWT signed with `secret`, unexpired at `now` (Unix
 * ms), with a well-formed `sub`; else why not. `alg: none` and every other algorithm are refused.
 */
export async function verifyUserToken(
  token: string,
  secret: string,
  now: number,
): Promise<UserIdentity | IdentityRefusal> {
  // Longer than any token of those claims: refused before any HMAC work.
  if (token.length > MAX_USER_TOKEN_CHARS || token.split('.').length !== 3) return 'malformed'
  let payload: Record<string, unknown>
  try {
    payload = await verify(token, await hmacKey(secret), { alg: 'HS256', exp: false, iat: false })
  } catch {
    return 'signature'
  }
  const { sub, exp, name } = payload
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return 'claims'
  if (exp * 1000 <= now) return 'expired'
  if (typeof sub !== 'string' || !SUB.test(sub)) return 'claims'
  if (name !== undefined && (typeof name !== 'string' || name.length > MAX_NAME_CHARS)) {
    return 'claims'
  }
  return { user: `u_${sub}`, ...(typeof name === 'string' && name !== '' && { name }) }
}

export const SIGN_IN_REQUIRED = 'This assistant is for signed-in users. Please sign in first.'

export const REFUSAL_MESSAGES: Record<IdentityRefusal, string> = {
  malformed: 'The user token is not a JWT.',
  signature: "The user token is not signed with this app's identity secret (HS256).",
  expired: 'The user token has expired; ask the site for a new one.',
  claims: 'The user token needs sub (1–128 of A-Z a-z 0-9 . _ @ : -) and exp (seconds).',
}
