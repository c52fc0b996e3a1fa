import { sign } from 'hono/jwt'
import { describe, expect, it } from 'vitest'
import { signSession, verifySession } from './session.ts'

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
