import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { BASE_PARAMETERS, fakeDify, json, MSG_ID } from '../../test/test-kit.ts'
import { testRelay } from '../../test/test-relay.ts'
import { createLogger } from '../logger.ts'
import type { AppEnv } from '../types.ts'
import { createMemoryStore, type LimitStore } from './limit-store.ts'
import { chatLimits } from './limits.ts'

const T0 = Date.UTC(2026, 0, 15, 23, 59, 0)

function chatApp({ daily = 0, dailyApp = 0, store = createMemoryStore() as LimitStore } = {}) {
  const clock = { now: T0 }
  const lines: string[] = []
  const app = new Hono<AppEnv>()
  app.use(async (c, next) => {
    c.set('visitor', c.req.header('x-visitor') ?? 'v_a')
    return next()
  })
  app.use(
    '/chat',
    chatLimits({
      store,
      clientIp: (c) => c.req.header('x-ip'),
      now: () => clock.now,
      log: createLogger({ sink: (line) => lines.push(line) }),
      perSession: { limit: 2, windowMs: 60_000 },
      perIp: { limit: 3, windowMs: 60_000 },
      dailyPerSession: daily,
      dailyPerApp: dailyApp,
      app: 'default',
    }),
  )
  app.post('/chat', (c) => c.json({ ok: true }))
  app.get('/chat', (c) => c.json({ ok: true }))
  const send = (visitor = 'v_a', ip = '1.1.1.1') =>
    app.request('/chat', { method: 'POST', headers: { 'x-visitor': visitor, 'x-ip': ip } })
  return { app, clock, lines, send }
}

describe('chat limits', () => {
  it('allows a burst of the session rate, then answers 429 with Retry-After', async () => {
    const { send } = chatApp()
    expect((await send()).status).toBe(200)
    expect((await send()).status).toBe(200)
    const res = await send()
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('30')
    expect(await res.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: 'You are sending messages too quickly. Please try again in 30 s.',
      },
    })
  })

  it('refills the bucket steadily instead of resetting on a clock boundary', async () => {
    const { send, clock } = chatApp()
    await send()
    await send()
    clock.now += 29_000
    expect((await send()).status).toBe(429)
    clock.now += 1000
    expect((await send()).status).toBe(200)
    expect((await send()).status).toBe(429)
  })

  it('limits each client IP across its sessions', async () => {
    const { send } = chatApp()
    expect((await send('v_a')).status).toBe(200)
    expect((await send('v_b')).status).toBe(200)
    expect((await send('v_c')).status).toBe(200)
    const res = await send('v_d')
    expect(res.status).toBe(429)
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/network/)
    expect((await send('v_d', '2.2.2.2')).status).toBe(200)
  })

  it('applies only the session limits when the client IP is unknown', async () => {
    const { app } = chatApp()
    const statuses: number[] = []
    for (const visitor of ['v_a', 'v_b', 'v_c', 'v_d', 'v_a', 'v_a']) {
      const res = await app.request('/chat', { method: 'POST', headers: { 'x-visitor': visitor } })
      statuses.push(res.status)
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
  })

  it('caps messages per session per UTC day, until midnight', async () => {
    const { send, clock } = chatApp({ daily: 2 })
    expect((await send()).status).toBe(200)
    clock.now += 30_000
    expect((await send()).status).toBe(200)
    clock.now += 1000
    const res = await send()
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('29')
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      "You have reached today's limit of 2 messages. Please try again in 29 s.",
    )
    clock.now += 30_000
    expect((await send()).status).toBe(200)
  })

  it('caps the whole app per UTC day, across sessions and IPs, counting only messages let through', async () => {
    const { send, clock, lines } = chatApp({ dailyApp: 3 })
    expect((await send('v_a', '1.1.1.1')).status).toBe(200)
    expect((await send('v_a', '1.1.1.1')).status).toBe(200)
    // Refused by the session bucket: not counted against the app.
    expect((await send('v_a', '1.1.1.1')).status).toBe(429)
    expect((await send('v_b', '2.2.2.2')).status).toBe(200)
    const res = await send('v_c', '3.3.3.3')
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('60')
    expect(await res.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: "This assistant has reached today's limit. Please try again in 60 s.",
        limit: 'app-daily',
      },
    })
    expect(lines.join('\n')).toContain('daily app limit reached')
    clock.now += 60_000
    expect((await send('v_d', '4.4.4.4')).status).toBe(200)
  })

  it('only limits sending, not other methods', async () => {
    const { app, send } = chatApp()
    await send()
    await send()
    expect((await app.request('/chat')).status).toBe(200)
  })

  it('answers 503 and logs the error name when the store fails', async () => {
    const failing: LimitStore = {
      take: () => Promise.reject(new Error('connect ECONNREFUSED redis://:pw@cache')),
      increment: () => Promise.reject(new Error('down')),
    }
    const { send, lines } = chatApp({ store: failing })
    const res = await send()
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ error: { code: 'upstream_unavailable' } })
    expect(lines.join('\n')).not.toContain('pw@cache')
    expect(lines.join('\n')).toContain('"name":"Error"')
  })
})

/** The id of answer `n` (Dify's message ids are UUIDs). */
const messageId = (n: number) => `5ad4aaaa-0000-4000-8000-${String(n).padStart(12, '0')}`

describe('limits on every other call that reaches Dify', () => {
  function relayWithSuggestions(env: Record<string, string>) {
    const fake = fakeDify({
      'GET /parameters': () =>
        json({ ...BASE_PARAMETERS, suggested_questions_after_answer: { enabled: true } }),
      'GET /messages/:id/suggested': () => json({ result: 'success', data: ['Next?'] }),
      'POST /messages/:id/feedbacks': () => json({ result: 'success' }),
    })
    const relay = testRelay({ RATE_LIMIT_IP: '1000/min', ...env }, { fetch: fake.fetch })
    const suggestedCalls = () => fake.calls.filter((c) => c.path.endsWith('/suggested')).length
    return { ...relay, fake, suggestedCalls }
  }

  it('stops a session looping on suggested questions (a model call each) at 3× its message rate', async () => {
    const { app, newSession, suggestedCalls, fake } = relayWithSuggestions({
      RATE_LIMIT_SESSION: '2/min',
    })
    const token = await newSession()
    const auth = { Authorization: `Bearer ${token}` }
    const statuses: number[] = []
    for (let i = 0; i < 40; i++) {
      // A different answer each time: repeats for one answer come from the relay's cache.
      const res = await app.request(`/api/messages/${messageId(i)}/suggested`, { headers: auth })
      statuses.push(res.status)
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(6)
    expect(suggestedCalls()).toBe(6)
    const refused = await app.request(`/api/messages/${MSG_ID}/suggested`, { headers: auth })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } })
    // Feedback and history share the bucket; nothing more reaches Dify.
    const before = fake.calls.length
    const feedback = await app.request(`/api/messages/${MSG_ID}/feedback`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ rating: 'like' }),
    })
    expect(feedback.status).toBe(429)
    expect((await app.request('/api/app', { headers: auth })).status).toBe(429)
    expect(fake.calls.length).toBe(before)
    // Another visitor is not held back by this one.
    const other = { Authorization: `Bearer ${await newSession()}` }
    expect(
      (await app.request(`/api/messages/${MSG_ID}/suggested`, { headers: other })).status,
    ).toBe(200)
  })

  it('holds a network rotating sessions at 3× its message rate per IP', async () => {
    const { app, newSession, suggestedCalls } = relayWithSuggestions({
      RATE_LIMIT_SESSION: '1000/min',
      RATE_LIMIT_IP: '2/min',
      TRUST_PROXY: 'true',
    })
    const from = { 'X-Forwarded-For': '203.0.113.7' }
    let ok = 0
    for (let i = 0; i < 10; i++) {
      // Sessions are minted from elsewhere; the calls all come from one address.
      const token = await newSession({ 'X-Forwarded-For': `198.51.100.${i}` })
      const res = await app.request(`/api/messages/${messageId(i)}/suggested`, {
        headers: { ...from, Authorization: `Bearer ${token}` },
      })
      if (res.status === 200) ok++
    }
    expect(ok).toBe(6)
    expect(suggestedCalls()).toBe(6)
  })
})
