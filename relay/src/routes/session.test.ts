import { decode } from 'hono/jwt'
import { describe, expect, it } from 'vitest'
import { T0, testRelay } from '../../test/test-relay.ts'

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
})
