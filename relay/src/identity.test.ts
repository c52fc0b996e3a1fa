import { MAX_USER_TOKEN_CHARS } from '@parley/shared'
import { sign } from 'hono/jwt'
import { describe, expect, it } from 'vitest'
import { verifyUserToken } from './identity.ts'

const SECRET = 'identity-secret-of-the-shop-backend-0123456789'
const NOW = Date.UTC(2026, 10, 28, 12)
const inAnHour = NOW / 1000 + 3600

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
const token = (
  payload: Record<string, unknown>,
  secret = SECRET,
  alg: 'HS256' | 'HS512' = 'HS256',
) => sign(payload as Parameters<typeof sign>[0], secret, alg)

describe('verifyUserToken', () => {
  it('turns a valid token into the Dify user u_<sub>, with the name when given', async () => {
    expect(
      await verifyUserToken(await token({ sub: 'alice@example.com', exp: inAnHour }), SECRET, NOW),
    ).toEqual({
      user: 'u_alice@example.com',
    })
    expect(
      await verifyUserToken(
        await token({ sub: 'auth0:42', exp: inAnHour, name: 'Ada' }),
        SECRET,
        NOW,
      ),
    ).toEqual({ user: 'u_auth0:42', name: 'Ada' })
  })

  it('refuses a token signed with another secret, or with another algorithm', async () => {
    const other = await token(
      { sub: 'alice', exp: inAnHour },
      'another-apps-identity-secret-0123456789',
    )
    expect(await verifyUserToken(other, SECRET, NOW)).toBe('signature')
    const hs512 = await token({ sub: 'alice', exp: inAnHour }, SECRET, 'HS512')
    expect(await verifyUserToken(hs512, SECRET, NOW)).toBe('signature')
  })

  it('refuses alg: none, with or without a signature part', async () => {
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'admin', exp: inAnHour })}.`
    expect(await verifyUserToken(unsigned, SECRET, NOW)).toBe('signature')
    expect(await verifyUserToken(unsigned.slice(0, -1), SECRET, NOW)).toBe('malformed')
  })

  it('refuses a forged payload under a real signature', async () => {
    const real = await token({ sub: 'alice', exp: inAnHour })
    const [head, , signature] = real.split('.')
    const forged = `${head}.${b64url({ sub: 'admin', exp: inAnHour })}.${signature}`
    expect(await verifyUserToken(forged, SECRET, NOW)).toBe('signature')
  })

  it('refuses an expired token and one without exp', async () => {
    expect(await verifyUserToken(await token({ sub: 'alice', exp: NOW / 1000 }), SECRET, NOW)).toBe(
      'expired',
    )
    expect(await verifyUserToken(await token({ sub: 'alice' }), SECRET, NOW)).toBe('claims')
  })

  it('refuses a sub with other characters, an empty or a 129-character one', async () => {
    for (const sub of ['alice smith', 'a/b', 'ünï', '', 'x'.repeat(129), 42]) {
      expect(
        await verifyUserToken(await token({ sub, exp: inAnHour }), SECRET, NOW),
        String(sub),
      ).toBe('claims')
    }
    expect(
      await verifyUserToken(await token({ sub: 'x'.repeat(128), exp: inAnHour }), SECRET, NOW),
    ).toEqual({
      user: `u_${'x'.repeat(128)}`,
    })
  })

  it('refuses a token longer than any real one (a 10 KB sub) before checking its signature', async () => {
    const huge = await token({ sub: 'x'.repeat(10_000), exp: inAnHour })
    expect(huge.length).toBeGreaterThan(MAX_USER_TOKEN_CHARS)
    expect(await verifyUserToken(huge, SECRET, NOW)).toBe('malformed')
  })
})
