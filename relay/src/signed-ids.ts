/**
 * Tokens that make an id the visitor's own: what the browser gets instead of an id Dify does not
 * scope by user (design.md "Conversation features"). Each is bound to a purpose, the relay app and
 * the visitor, under keys derived from SESSION_SECRET: any relay instance sharing the secret accepts
 * what another made, and nothing is kept per visitor.
 *
 * - `signId`: `<id>.<base64url HMAC-SHA256>`, for ids that may be read but not forged (task ids).
 * - `seal`: AES-256-GCM of a small JSON value, for what the browser must not read either (a form
 *   token answers Dify's form for anyone who has it, on Dify's own form page too).
 *
 * WebCrypto only, so every runtime runs it.
 */

/** Whose a token is: the relay app and the visitor (the Dify `user`). */
export interface IdScope {
  app: string
  visitor: string
}

/** WebCrypto's `CryptoKey` (not a global type name in Node's typings). */
type Key = Awaited<ReturnType<typeof crypto.subtle.importKey>>

/** HMAC-SHA256 in base64url: 43 characters. */
export const MAC_CHARS = 43

const encoder = new TextEncoder()
const IV_BYTES = 12
const MAX_CACHED_KEYS = 16
const keys = new Map<string, Promise<Key>>()

/**
 * The key for `use`, derived from `secret` once and reused (as session.ts does with its HMAC key):
 * HKDF keeps it apart from the session key and from the other use, though all come from one secret.
 */
function derivedKey(secret: string, use: 'sign' | 'seal'): Promise<Key> {
  const name = `${use}\u0000${secret}`
  const known = keys.get(name)
  if (known) return known
  const key = crypto.subtle
    .importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey'])
    .then((base) =>
      crypto.subtle.deriveKey(
        {
          name: 'HKDF',
          hash: 'SHA-256',
          salt: new Uint8Array(0),
          info: encoder.encode(`parley ${use} ids v1`),
        },
        base,
        use === 'sign' ? { name: 'HMAC', hash: 'SHA-256' } : { name: 'AES-GCM', length: 256 },
        false,
        use === 'sign' ? ['sign', 'verify'] : ['encrypt', 'decrypt'],
      ),
    )
  // A failed import is not kept: the next call tries again.
  key.catch(() => keys.delete(name))
  // A handful of secrets at most (one per relay); the oldest goes first should many pass through.
  if (keys.size >= MAX_CACHED_KEYS) keys.delete(keys.keys().next().value as string)
  keys.set(name, key)
  return key
}

/** What a token is bound to, unambiguously (JSON of the parts, never a plain join). */
function bound(purpose: string, scope: IdScope, id = ''): Uint8Array<ArrayBuffer> {
  return encoder.encode(JSON.stringify([purpose, scope.app, scope.visitor, id]))
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

/** The bytes of base64url `text`, or null when it is not base64url. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** `<id>.<mac>`: `id` (which must not contain `.`) readable, and bound to `purpose` and `scope`. */
export async function signId(
  secret: string,
  purpose: string,
  scope: IdScope,
  id: string,
): Promise<string> {
  const key = await derivedKey(secret, 'sign')
  const mac = await crypto.subtle.sign('HMAC', key, bound(purpose, scope, id))
  return `${id}.${toBase64Url(new Uint8Array(mac))}`
}

/**
 * The id of a token `signId` made for the same purpose and scope, else null (malformed, tampered
 * with, another visitor's or another app's). The MAC is checked by WebCrypto, in constant time.
 */
export async function verifiedId(
  secret: string,
  purpose: string,
  scope: IdScope,
  token: string,
): Promise<string | null> {
  const dot = token.lastIndexOf('.')
  if (dot < 1 || token.length - dot - 1 !== MAC_CHARS) return null
  const id = token.slice(0, dot)
  const mac = fromBase64Url(token.slice(dot + 1))
  if (!mac || id.includes('.')) return null
  const key = await derivedKey(secret, 'sign')
  return (await crypto.subtle.verify('HMAC', key, mac, bound(purpose, scope, id))) ? id : null
}

/** `value` as JSON, encrypted and bound to `purpose` and `scope`: base64url of IV + ciphertext. */
export async function seal(
  secret: string,
  purpose: string,
  scope: IdScope,
  value: unknown,
): Promise<string> {
  const key = await derivedKey(secret, 'seal')
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES))
  const plain = encoder.encode(JSON.stringify(value))
  const additionalData = bound(purpose, scope)
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, plain)
  const bytes = new Uint8Array(IV_BYTES + sealed.byteLength)
  bytes.set(iv)
  bytes.set(new Uint8Array(sealed), IV_BYTES)
  return toBase64Url(bytes)
}

/**
 * The value `seal` sealed for the same purpose and scope (JSON, unchecked: the caller checks its
 * shape), else null: malformed, tampered with, another visitor's or another app's.
 */
export async function unseal(
  secret: string,
  purpose: string,
  scope: IdScope,
  token: string,
): Promise<unknown> {
  const bytes = fromBase64Url(token)
  // The IV and GCM's 16-byte tag at least.
  if (!bytes || bytes.length < IV_BYTES + 16) return null
  const key = await derivedKey(secret, 'seal')
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES), additionalData: bound(purpose, scope) },
      key,
      bytes.slice(IV_BYTES),
    )
    return JSON.parse(new TextDecoder().decode(plain))
  } catch {
    return null
  }
}
