import { describe, expect, it } from 'vitest'
import { TEST_KEY, TEST_SECRET, testRelay } from '../test/test-relay.ts'

describe('createRelay', () => {
  it('reports health with mode and version', async () => {
    const { app } = testRelay({}, { version: '1.2.3' })
    const res = await app.request('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      ok: true,
      mode: 'dify',
      version: '1.2.3',
      apps: [{ id: 'default', mode: 'dify' }],
    })
  })

  it('lets any page read its health, since the widget checks the mode from the host origin', async () => {
    const { app } = testRelay()
    const res = await app.request('/healthz', { headers: { Origin: 'https://elsewhere.example' } })
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*')
  })

  it('reports demo mode when no key is set', async () => {
    const { app } = testRelay({ DIFY_API_KEY: '' })
    expect(await (await app.request('/healthz')).json()).toMatchObject({ mode: 'demo' })
  })

  it('answers unknown routes with a JSON not_found', async () => {
    const { app } = testRelay()
    const res = await app.request('/nope')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'No route for GET /nope.' },
    })
  })

  it('turns a thrown error into a generic JSON error, logging only its name', async () => {
    const { app, lines } = testRelay()
    app.get('/boom', () => {
      throw new TypeError(`failed with ${TEST_KEY} and ${TEST_SECRET}`)
    })
    const res = await app.request('/boom')
    expect(res.status).toBe(502)
    const text = await res.text()
    expect(JSON.parse(text).error.code).toBe('upstream_error')
    const everything = text + JSON.stringify(lines)
    expect(everything).not.toContain(TEST_KEY)
    expect(everything).not.toContain(TEST_SECRET)
    expect(everything).not.toMatch(/at .*\.ts:\d+/)
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', name: 'TypeError' }))
  })

  it('requires a session on /api routes other than /api/session', async () => {
    const { app } = testRelay()
    const res = await app.request('/api/app')
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } })
  })

  it('keys per-IP buckets by the IPv6 /64 (IPV6_PREFIX): rotating within it does not help', async () => {
    const { app } = testRelay(
      { RATE_LIMIT_IP: '2/min', ALLOWED_ORIGINS: '*' },
      { clientIp: (c) => c.req.header('x-test-ip') },
    )
    const mint = (ip: string) =>
      app.request('/api/session', { method: 'POST', headers: { 'x-test-ip': ip } })
    expect((await mint('2001:db8:7:1::1')).status).toBe(201)
    expect((await mint('2001:db8:7:1::2')).status).toBe(201)
    expect((await mint('2001:db8:7:1:ffff::3')).status).toBe(429)
    expect((await mint('2001:db8:7:2::1')).status).toBe(201)
    const wider = testRelay(
      { RATE_LIMIT_IP: '1/min', ALLOWED_ORIGINS: '*', IPV6_PREFIX: '48' },
      { clientIp: (c) => c.req.header('x-test-ip') },
    )
    const post = (ip: string) =>
      wider.app.request('/api/session', { method: 'POST', headers: { 'x-test-ip': ip } })
    expect((await post('2001:db8:7:1::1')).status).toBe(201)
    expect((await post('2001:db8:7:2::1')).status).toBe(429)
  })
})
