import { describe, expect, it } from 'vitest'
import { TEST_KEY, testRelay } from '../../test/test-relay.ts'
import { shortHash } from '../logger.ts'

describe('request log', () => {
  it('writes one line per request with method, path, status, duration and hashed visitor', async () => {
    const { app, lines, newSession } = testRelay({}, { clientIp: () => '203.0.113.9' })
    app.get('/api/echo', (c) => c.json({ visitor: c.get('visitor') }))
    const token = await newSession()
    const res = await app.request('/api/echo?q=my+secret+question', {
      headers: { Authorization: `Bearer ${token}` },
    })
    const { visitor } = (await res.json()) as { visitor: string }
    expect(lines).toHaveLength(2)
    expect(lines[1]).toEqual({
      time: expect.any(String),
      level: 'info',
      msg: 'request',
      method: 'GET',
      path: '/api/echo',
      status: 200,
      ms: expect.any(Number),
      visitor: shortHash(visitor),
    })
    const all = JSON.stringify(lines)
    for (const secret of [token, visitor, TEST_KEY, 'secret question', '203.0.113.9']) {
      expect(all).not.toContain(secret)
    }
  })

  it('adds the IP and query string at debug level', async () => {
    const { app, lines } = testRelay({ LOG_LEVEL: 'debug' }, { clientIp: () => '203.0.113.9' })
    await app.request('/nope?x=1')
    expect(lines[0]).toMatchObject({ level: 'info', status: 404, ip: '203.0.113.9', query: '?x=1' })
  })

  it('logs health checks at debug only', async () => {
    const { app, lines } = testRelay()
    await app.request('/healthz')
    expect(lines).toEqual([])
  })

  it('logs nothing below its level', async () => {
    const { app, lines } = testRelay({ LOG_LEVEL: 'warn' })
    await app.request('/nope')
    expect(lines).toEqual([])
  })
})
