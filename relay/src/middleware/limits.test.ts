import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../logger.ts'
import type { AppEnv } from '../types.ts'
import { createMemoryStore, type LimitStore } from './limit-store.ts'
import { chatLimits } from './limits.ts'

const T0 = Date.UTC(2026, 0, 15, 23, 59, 0)

function chatApp({ daily = 0, store = createMemoryStore() as LimitStore } = {}) {
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
