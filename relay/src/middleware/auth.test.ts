import { sign } from 'hono/jwt'
import { describe, expect, it } from 'vitest'
import { T0, TEST_SECRET, testRelay } from '../../test/test-relay.ts'

function relayWithWhoami(env: Record<string, string> = {}) {
  const relay = testRelay(env)
  relay.app.get('/api/whoami', (c) => c.json({ visitor: c.get('visitor') }))
  return relay
}

const whoami = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } })

describe('session check', () => {
  it('sets the visitor from a valid token', async () => {
    const { app, newSession } = relayWithWhoami()
    const res = await app.request('/api/whoami', whoami(await newSession()))
    expect(res.status).toBe(200)
    expect(((await res.json()) as { visitor: string }).visitor).toMatch(/^v_/)
  })

  it('refuses a missing token', async () => {
    const { app } = relayWithWhoami()
    const res = await app.request('/api/whoami')
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({
      error: { code: 'unauthorized', message: 'A session token is required.' },
    })
  })

  it('refuses a forged token', async () => {
    const { app } = relayWithWhoami()
    const forged = await sign({ sub: 'v_someone', exp: T0 / 1000 + 60 }, 'x'.repeat(32), 'HS256')
    const res = await app.request('/api/whoami', whoami(forged))
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } })
  })

  it('refuses an expired token', async () => {
    const { app, clock, newSession } = relayWithWhoami({ SESSION_TTL: '1h' })
    const token = await newSession()
    clock.now += 3_600_000
    expect((await app.request('/api/whoami', whoami(token))).status).toBe(401)
  })

  it('accepts tokens minted by another instance sharing SESSION_SECRET', async () => {
    const token = await sign(
      { sub: 'v_other', iat: T0 / 1000, exp: T0 / 1000 + 60 },
      TEST_SECRET,
      'HS256',
    )
    const { app } = relayWithWhoami()
    expect(await (await app.request('/api/whoami', whoami(token))).json()).toEqual({
      visitor: 'v_other',
    })
  })
})
