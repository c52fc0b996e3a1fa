import { describe, expect, it } from 'vitest'
import { testRelay } from '../../test/test-relay.ts'
import { originMatcher } from './origin.ts'

describe('originMatcher', () => {
  const allowed = originMatcher([
    'https://shop.example.com',
    'https://*.example.org',
    'http://localhost:*',
  ])

  it.each([
    'https://shop.example.com',
    'https://SHOP.example.com',
    'https://shop.example.com:443',
    'https://a.example.org',
    'https://a.b.example.org',
    'http://localhost',
    'http://localhost:5173',
  ])('allows %s', (origin) => expect(allowed(origin)).toBe(true))

  it.each([
    'http://shop.example.com',
    'https://shop.example.com:8443',
    'https://evil-shop.example.com',
    'https://example.org',
    'https://example.org.evil.com',
    'https://localhost:5173',
    'http://localhost.evil.com',
    'null',
  ])('refuses %s', (origin) => expect(allowed(origin)).toBe(false))

  it('allows anything with *', () => {
    expect(originMatcher(['*'])('https://anywhere.test')).toBe(true)
  })
})

describe('origin policy on /api', () => {
  it('refuses requests from an origin not in ALLOWED_ORIGINS', async () => {
    const { app } = testRelay()
    const res = await app.request('/api/session', {
      method: 'POST',
      headers: { Origin: 'https://evil.example.net' },
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: { code: 'forbidden_origin' } })
  })

  it('allows requests without an Origin header, as from curl', async () => {
    const { app } = testRelay()
    expect((await app.request('/api/session', { method: 'POST' })).status).toBe(201)
  })

  it("allows the relay's own pages (PUBLIC_URL) whatever ALLOWED_ORIGINS says", async () => {
    const { app } = testRelay({
      ALLOWED_ORIGINS: 'https://shop.example.com',
      PUBLIC_URL: 'https://chat.example.com/',
    })
    const res = await app.request('https://chat.example.com/api/session', {
      method: 'POST',
      headers: { Origin: 'https://chat.example.com' },
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://chat.example.com')
  })

  it("never takes the Host header for the relay's own origin (DNS rebinding)", async () => {
    const setups: Record<string, string>[] = [
      { ALLOWED_ORIGINS: 'https://shop.example.com' },
      { ALLOWED_ORIGINS: 'https://shop.example.com', PUBLIC_URL: 'https://chat.example.com' },
    ]
    for (const env of setups) {
      const { app } = testRelay(env)
      const res = await app.request('http://evil.example/api/session', {
        method: 'POST',
        headers: { Origin: 'http://evil.example', Host: 'evil.example' },
      })
      expect(res.status).toBe(403)
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
      expect(await res.json()).toMatchObject({ error: { code: 'forbidden_origin' } })
    }
  })

  it('answers preflights from allowed origins', async () => {
    const { app } = testRelay()
    const res = await app.request('/api/chat', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://shop.example.com',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example.com')
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/)
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/)
  })

  it('lets an allowed origin rename and delete conversations (PATCH, DELETE preflights)', async () => {
    const { app } = testRelay()
    for (const method of ['PATCH', 'DELETE']) {
      const res = await app.request(`/api/conversations/${crypto.randomUUID()}`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://shop.example.com',
          'Access-Control-Request-Method': method,
          'Access-Control-Request-Headers': 'authorization, content-type',
        },
      })
      expect(res.status, method).toBe(204)
      expect(res.headers.get('access-control-allow-methods')?.split(/,\s*/), method).toContain(
        method,
      )
    }
  })

  it('refuses preflights from other origins', async () => {
    const { app } = testRelay()
    const res = await app.request('/api/chat', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example.net', 'Access-Control-Request-Method': 'POST' },
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('lets allowed pages read errors and Retry-After', async () => {
    const { app } = testRelay()
    const res = await app.request('/api/app', { headers: { Origin: 'https://shop.example.com' } })
    expect(res.status).toBe(401)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example.com')
    expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After')
    expect(res.headers.get('vary')).toMatch(/Origin/)
  })

  it('allows every origin in demo mode by default', async () => {
    const { app } = testRelay({ DIFY_API_KEY: '', ALLOWED_ORIGINS: '' })
    const res = await app.request('/api/session', {
      method: 'POST',
      headers: { Origin: 'https://anything.test' },
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://anything.test')
  })
})
