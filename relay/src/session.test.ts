import { sign } from 'hono/jwt'
import { describe, expect, it, vi } from 'vitest'
import { hmacKey, sessionVerifier, signSession, verifySession } from './session.ts'

const SECRET = 's'.repeat(32)
const NOW = Date.UTC(2026, 0, 1)

describe('session tokens', () => {
  it('round-trips a random visitor id until the token expires', async () => {
    const session = await signSession(SECRET, 60_000, NOW)
    expect(session.visitor).toMatch(/^v_[0-9a-f]{32}$/)
    expect(session.expiresAt).toBe(NOW + 60_000)
    expect(await verifySession(session.token, SECRET, NOW + 59_000)).toBe(session.visitor)
    expect(await verifySession(session.token, SECRET, NOW + 60_000)).toBeNull()
  })

  it('gives every session a different visitor', async () => {
    const [a, b] = await Promise.all([
      signSession(SECRET, 1000, NOW),
      signSession(SECRET, 1000, NOW),
    ])
    expect(a.visitor).not.toBe(b.visitor)
  })

  it('refuses tokens signed with another secret', async () => {
    const session = await signSession('o'.repeat(32), 60_000, NOW)
    expect(await verifySession(session.token, SECRET, NOW)).toBeNull()
  })

  it('refuses unsigned, malformed and sub-less tokens', async () => {
    const header = btoa(JSON.stringify({ alg: 'none', typ: 'JWT' })).replace(/=+$/, '')
    const payload = btoa(JSON.stringify({ sub: 'v_x', exp: NOW / 1000 + 60 })).replace(/=+$/, '')
    expect(await verifySession(`${header}.${payload}.`, SECRET, NOW)).toBeNull()
    expect(await verifySession('not-a-jwt', SECRET, NOW)).toBeNull()
    const noSub = await sign({ exp: NOW / 1000 + 60 }, SECRET, 'HS256')
    expect(await verifySession(noSub, SECRET, NOW)).toBeNull()
    const noExp = await sign({ sub: 'v_abc' }, SECRET, 'HS256')
    expect(await verifySession(noExp, SECRET, NOW)).toBeNull()
  })
})

describe('hmacKey', () => {
  it('imports each secret once and reuses the key', async () => {
    const a = hmacKey(SECRET)
    expect(hmacKey(SECRET)).toBe(a)
    const key = await a
    expect(key).toBeInstanceOf((globalThis as unknown as { CryptoKey: new () => object }).CryptoKey)
    expect(key).toMatchObject({ type: 'secret', extractable: false })
    expect(await hmacKey('o'.repeat(32))).not.toBe(key)
  })

  it('signs and verifies exactly as the secret string does', async () => {
    const payload = { sub: 'v_abc', exp: NOW / 1000 + 60 }
    const withKey = await sign(payload, await hmacKey(SECRET), 'HS256')
    expect(withKey).toBe(await sign(payload, SECRET, 'HS256'))
    expect(await verifySession(withKey, SECRET, NOW)).toBe('v_abc')
  })

  it('leaves secrets that hono/jwt reads as PEM to hono/jwt', async () => {
    const pemLike = `-----BEGIN PUBLIC KEY-----${'x'.repeat(32)}`
    expect(await hmacKey(pemLike)).toBe(pemLike)
  })

  it('keeps a bounded number of keys', async () => {
    const first = hmacKey('first-secret-0123456789abcdef012345')
    for (let i = 0; i < 20; i++) hmacKey(`secret-${i}-0123456789abcdef0123456789`)
    expect(hmacKey('first-secret-0123456789abcdef012345')).not.toBe(first)
    await first
  })
})

describe('sessionVerifier', () => {
  it('tells the app a token was minted for; older tokens without one belong to default', async () => {
    const verifier = sessionVerifier(SECRET)
    const sales = await signSession(SECRET, 60_000, NOW, 'sales')
    expect(await verifier(sales.token, NOW)).toEqual({ visitor: sales.visitor, app: 'sales' })
    const key = await hmacKey(SECRET)
    const old = await sign({ sub: 'v_old', exp: NOW / 1000 + 60 }, key, 'HS256')
    expect(await verifier(old, NOW)).toEqual({ visitor: 'v_old', app: 'default' })
  })

  it('answers as verifySession does, expiry included, for valid and invalid tokens', async () => {
    const verifier = sessionVerifier(SECRET)
    const session = await signSession(SECRET, 60_000, NOW)
    const forged = await signSession('o'.repeat(32), 60_000, NOW)
    for (let i = 0; i < 2; i++) {
      expect(await verifier(session.token, NOW + 59_000)).toEqual({
        visitor: session.visitor,
        app: 'default',
      })
      expect(await verifier(forged.token, NOW)).toBeNull()
      expect(await verifier('not-a-jwt', NOW)).toBeNull()
    }
    expect(await verifier(session.token, NOW + 60_000)).toBeNull()
    // Forgotten once expired: a clock that goes back (tests) checks the signature again.
    expect((await verifier(session.token, NOW))?.visitor).toBe(session.visitor)
  })

  it('does not remember a token that was already expired', async () => {
    const verifier = sessionVerifier(SECRET)
    const session = await signSession(SECRET, 1000, NOW)
    expect(await verifier(session.token, NOW + 1000)).toBeNull()
    expect((await verifier(session.token, NOW))?.visitor).toBe(session.visitor)
  })

  it('checks the signature once per token while it is remembered', async () => {
    const verify = vi.spyOn(crypto.subtle, 'verify')
    try {
      const verifier = sessionVerifier(SECRET, { maxTokens: 2 })
      const [a, b, c] = await Promise.all([1, 2, 3].map(() => signSession(SECRET, 60_000, NOW)))
      if (!a || !b || !c) throw new Error('no sessions')
      verify.mockClear()
      await verifier(a.token, NOW)
      await verifier(a.token, NOW)
      await verifier(b.token, NOW)
      expect(verify).toHaveBeenCalledTimes(2)
      await verifier(c.token, NOW) // a, the oldest, is forgotten
      await verifier(b.token, NOW)
      await verifier(a.token, NOW)
      expect(verify).toHaveBeenCalledTimes(4)
    } finally {
      verify.mockRestore()
    }
  })
})
