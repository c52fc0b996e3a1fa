import { decode, sign } from 'hono/jwt'
import { describe, expect, it } from 'vitest'
import { T0, TEST_SECRET, testRelay } from '../../test/test-relay.ts'

describe('POST /api/session', () => {
  it('mints a signed session for a new random visitor', async () => {
    const { app } = testRelay({ SESSION_TTL: '2h' })
    const res = await app.request('/api/session', { method: 'POST' })
    expect(res.status).toBe(201)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as { token: string; expiresAt: string }
    expect(body.expiresAt).toBe(new Date(T0 + 7_200_000).toISOString())
    const { header, payload } = decode(body.token)
    expect(header.alg).toBe('HS256')
    expect(payload).toEqual({
      sub: expect.stringMatching(/^v_/),
      app: 'default',
      iat: T0 / 1000,
      exp: T0 / 1000 + 7200,
    })
  })

  it('is limited per client IP', async () => {
    const ips = ['10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.2']
    const { app } = testRelay(
      { RATE_LIMIT_IP: '2/min', TRUST_PROXY: 'true' },
      { clientIp: () => 'proxy' },
    )
    const statuses: number[] = []
    for (const ip of ips) {
      const res = await app.request('/api/session', {
        method: 'POST',
        headers: { 'X-Forwarded-For': `1.2.3.4, ${ip}` },
      })
      statuses.push(res.status)
    }
    expect(statuses).toEqual([201, 201, 429, 201])
  })

  describe('with a user token', () => {
    const IDENTITY = 'the-shops-backend-identity-secret-0123456789'
    const userToken = (payload: Record<string, unknown>, secret = IDENTITY) =>
      sign({ exp: T0 / 1000 + 600, ...payload }, secret)
    const mint = (app: ReturnType<typeof testRelay>['app'], body: unknown) =>
      app.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const subOf = async (res: Response) =>
      decode(((await res.json()) as { token: string }).token).payload.sub

    it('mints a session whose Dify user is u_<sub>, the same on every device', async () => {
      const { app } = testRelay({ IDENTITY_SECRET: IDENTITY })
      const phone = await mint(app, { userToken: await userToken({ sub: 'cust-1042' }) })
      const laptop = await mint(app, { userToken: await userToken({ sub: 'cust-1042' }) })
      expect(phone.status).toBe(201)
      expect(await subOf(phone)).toBe('u_cust-1042')
      expect(await subOf(laptop)).toBe('u_cust-1042')
    })

    it('refuses a bad token with 401 identity_invalid and mints nothing', async () => {
      const { app, lines } = testRelay({ IDENTITY_SECRET: IDENTITY })
      const head = Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')
      const body = Buffer.from(`{"sub":"admin","exp":${T0 / 1000 + 600}}`).toString('base64url')
      const bad = {
        forged: `${(await userToken({ sub: 'alice' })).slice(0, -4)}AAAA`,
        otherSecret: await userToken({ sub: 'alice' }, 'another-apps-identity-secret-0123456789'),
        algNone: `${head}.${body}.`,
        illegalSub: await userToken({ sub: 'alice; DROP TABLE' }),
        longSub: await userToken({ sub: 'x'.repeat(2_000) }),
        expired: await userToken({ sub: 'alice', exp: T0 / 1000 - 1 }),
      }
      for (const [name, token] of Object.entries(bad)) {
        const res = await mint(app, { userToken: token })
        expect(res.status, name).toBe(401)
        const error = ((await res.json()) as { error: { code: string; message: string } }).error
        expect(error.code, name).toBe('identity_invalid')
        expect(error.message, name).not.toContain(token.slice(0, 20))
      }
      // A 10 KB sub makes a body past the session request's bound: refused before any parsing.
      const huge = await mint(app, { userToken: await userToken({ sub: 'x'.repeat(10_000) }) })
      expect(huge.status).toBe(413)
      expect(lines.some((l) => JSON.stringify(l).includes('eyJ'))).toBe(false)
    })

    it('answers 400 when the app has no identity secret, and for a userToken that is not a string', async () => {
      const { app } = testRelay()
      const res = await mint(app, { userToken: await userToken({ sub: 'alice' }) })
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
        /IDENTITY_SECRET/,
      )
      const { app: withSecret } = testRelay({ IDENTITY_SECRET: IDENTITY })
      expect((await mint(withSecret, { userToken: 42 })).status).toBe(400)
    })

    it('never makes an anonymous visitor a u_ user: a session token is not a user token', async () => {
      const { app, newSession } = testRelay({ IDENTITY_SECRET: IDENTITY })
      const anonymous = await newSession()
      expect(decode(anonymous).payload.sub).toMatch(/^v_/)
      const res = await mint(app, { userToken: anonymous })
      expect(res.status).toBe(401)
    })
  })

  describe('REQUIRE_IDENTITY', () => {
    const IDENTITY = 'the-shops-backend-identity-secret-0123456789'

    it('refuses anonymous sessions with 401 identity_required', async () => {
      const { app } = testRelay({ IDENTITY_SECRET: IDENTITY, REQUIRE_IDENTITY: 'true' })
      const res = await app.request('/api/session', { method: 'POST' })
      expect(res.status).toBe(401)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'identity_required',
      )
      const token = await sign({ sub: 'alice', exp: T0 / 1000 + 600 }, IDENTITY)
      const signedIn = await app.request('/api/session', {
        method: 'POST',
        body: JSON.stringify({ userToken: token }),
      })
      expect(signedIn.status).toBe(201)
    })

    it('refuses every call made with an anonymous session minted before sign-in was required', async () => {
      const before = testRelay({ IDENTITY_SECRET: IDENTITY })
      const anonymous = await before.newSession()
      const { app } = testRelay({ IDENTITY_SECRET: IDENTITY, REQUIRE_IDENTITY: 'true' })
      const res = await app.request('/api/app', {
        headers: { authorization: `Bearer ${anonymous}` },
      })
      expect(res.status).toBe(401)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'identity_required',
      )
    })
  })

  describe('renewing an expired session (VISITOR_TTL)', () => {
    const renew = (app: ReturnType<typeof testRelay>['app'], token: string, extra = {}) =>
      app.request('/api/session', {
        method: 'POST',
        body: JSON.stringify({ renew: token, ...extra }),
      })
    const subOf = async (res: Response) =>
      decode(((await res.json()) as { token: string }).token).payload.sub

    it('goes on as the same visitor within VISITOR_TTL of the expiry, and not after', async () => {
      const { app, clock, newSession } = testRelay({ SESSION_TTL: '1h', VISITOR_TTL: '30d' })
      const old = await newSession()
      const visitor = decode(old).payload.sub
      clock.now += 3_600_000 + 29 * 86_400_000 // expired 29 days ago
      const renewed = await renew(app, old)
      expect(renewed.status).toBe(201)
      expect(await subOf(renewed)).toBe(visitor)
      clock.now += 2 * 86_400_000 // 31 days past the old token's expiry
      const late = await renew(app, old)
      expect(late.status).toBe(401)
      expect(((await late.json()) as { error: { code: string } }).error.code).toBe('unauthorized')
    })

    it("never yields someone else's id: a forged, another app's or a signed-in user's token is refused", async () => {
      const IDENTITY = 'the-shops-backend-identity-secret-0123456789'
      const { app, newSession } = testRelay({ IDENTITY_SECRET: IDENTITY })
      const own = await newSession()
      const [head, , signature] = own.split('.')
      const claims = {
        sub: 'v_someoneelse0000000000000000000000',
        app: 'default',
        iat: T0 / 1000,
        exp: T0 / 1000 + 60,
      }
      const forged = `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`
      expect((await renew(app, forged)).status).toBe(401)
      const otherSecret = await sign(claims, 'another-relays-session-secret-0123456789')
      expect((await renew(app, otherSecret)).status).toBe(401)
      const otherApp = await sign({ ...claims, app: 'sales' }, TEST_SECRET)
      expect((await renew(app, otherApp)).status).toBe(401)
      const userToken = await sign({ sub: 'alice', exp: T0 / 1000 + 600 }, IDENTITY)
      const signedIn = await app.request('/api/session', {
        method: 'POST',
        body: JSON.stringify({ userToken }),
      })
      const userSession = ((await signedIn.json()) as { token: string }).token
      expect((await renew(app, userSession)).status).toBe(401)
    })

    it('refuses a renewal that is not a string, and an anonymous renewal when sign-in is required', async () => {
      const { app, newSession } = testRelay()
      const res = await app.request('/api/session', { method: 'POST', body: '{"renew":42}' })
      expect(res.status).toBe(400)
      const old = await newSession()
      const IDENTITY = 'the-shops-backend-identity-secret-0123456789'
      const strict = testRelay({ IDENTITY_SECRET: IDENTITY, REQUIRE_IDENTITY: 'true' })
      const refused = await renew(strict.app, old)
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
        'identity_required',
      )
    })
  })
})
