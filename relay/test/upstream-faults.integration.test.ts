import type { DifyUpstream } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoopbackRelay } from './loopback-relay.ts'
import { readStream, startLoopbackRelay, textOf } from './loopback-relay.ts'

const clock = { now: Date.UTC(2026, 0, 15, 12) }
let upstream: DifyUpstream
let relay: LoopbackRelay
let token: string
beforeAll(async () => {
  upstream = await startDifyUpstream()
  relay = await startLoopbackRelay(upstream, {}, { now: () => clock.now })
  token = await relay.session()
})
afterAll(async () => {
  await relay.close()
  await upstream.close()
})

/** How many requests for `METHOD /v1/path` reached the upstream while `action` ran. */
async function hits(route: string, action: () => Promise<unknown>): Promise<number> {
  const before = upstream.received.filter((r) => r === route).length
  await action()
  return upstream.received.filter((r) => r === route).length - before
}

const unavailable = { status: 503, body: { code: 'unknown', message: 'down', status: 503 } }
const notFound = { status: 404, body: { code: 'not_found', message: 'Conversation Not Exists.' } }

async function conversation(): Promise<{ conversationId: string; messageId: string }> {
  const { events } = await readStream(await relay.chat(token, { query: 'hello' }))
  const start = events.find((e) => e.type === 'start')
  if (start?.type !== 'start') throw new Error('no start event')
  await upstream.settled()
  return start
}

describe('Dify faults seen through the relay', () => {
  it('retries history and suggestions once after a 5xx or a dropped connection', async () => {
    const { conversationId, messageId } = await conversation()
    const history = `/api/conversations/${conversationId}/messages`
    for (const fault of ['reset', unavailable] as const) {
      upstream.failNext('/v1/messages', fault)
      let status = 0
      expect(
        await hits('GET /v1/messages', async () => {
          const res = await relay.api(token, 'GET', history)
          status = res.status
          await res.arrayBuffer()
        }),
      ).toBe(2)
      expect(status).toBe(200)
    }
    upstream.failNext(`/v1/messages/${messageId}/suggested`, unavailable)
    const res = await relay.api(token, 'GET', `/api/messages/${messageId}/suggested`)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { questions: string[] }).questions.length).toBeGreaterThan(0)
  })

  it('gives up after one retry and does not retry a 4xx', async () => {
    const { conversationId } = await conversation()
    const history = `/api/conversations/${conversationId}/messages`
    upstream.failNext('/v1/messages', unavailable, unavailable)
    let res: Response | undefined
    expect(
      await hits('GET /v1/messages', async () => {
        res = await relay.api(token, 'GET', history)
      }),
    ).toBe(2)
    expect(res?.status).toBe(503)
    expect(await res?.json()).toMatchObject({ error: { code: 'upstream_unavailable' } })
    upstream.failNext('/v1/messages', notFound)
    expect(
      await hits('GET /v1/messages', async () => {
        res = await relay.api(token, 'GET', history)
      }),
    ).toBe(1)
    expect(res?.status).toBe(404)
  })

  it('never sends a chat twice: not after a 5xx, a dropped connection or a broken stream', async () => {
    for (const fault of [unavailable, 'reset'] as const) {
      upstream.failNext('/v1/chat-messages', fault)
      let res: Response | undefined
      expect(
        await hits('POST /v1/chat-messages', async () => {
          res = await relay.chat(token, { query: 'once' })
        }),
      ).toBe(1)
      expect(res?.status).toBe(503)
      await res?.arrayBuffer()
    }
    upstream.next({ answer: 'one two three four', destroyAfterFrames: 2 })
    let events: Awaited<ReturnType<typeof readStream>>['events'] = []
    expect(
      await hits('POST /v1/chat-messages', async () => {
        events = (await readStream(await relay.chat(token, { query: 'cut' }))).events
      }),
    ).toBe(1)
    expect(events.at(-1)).toMatchObject({ type: 'error', retryable: true })
    await upstream.settled()
  })

  it('serves /api/app from its cache while Dify is briefly down, and refreshes it after', async () => {
    const first = await relay.api(token, 'GET', '/api/app')
    expect(first.status).toBe(200)
    const info = await first.json()
    clock.now += 61_000
    // Everything /api/app reads fails, retries included.
    upstream.failNext('/v1/parameters', unavailable, unavailable)
    upstream.failNext('/v1/site', 'reset', 'reset')
    upstream.failNext('/v1/info', unavailable, unavailable)
    const stale = await relay.api(token, 'GET', '/api/app')
    expect(stale.status).toBe(200)
    expect(await stale.json()).toEqual(info)
    // Dify is back: the next call after the failed refresh answers too and loads a fresh copy.
    const deadline = Date.now() + 5000
    while (upstream.received.filter((r) => r === 'GET /v1/parameters').length < 3) {
      if (Date.now() > deadline) throw new Error('the background refresh never retried')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const again = await relay.api(token, 'GET', '/api/app')
    expect(await again.json()).toEqual(info)
  })

  it('answers 503 once the cached copy is too old and Dify is still down', async () => {
    const own = { now: clock.now }
    const other = await startLoopbackRelay(upstream, {}, { now: () => own.now })
    try {
      const session = await other.session()
      expect((await other.api(session, 'GET', '/api/app')).status).toBe(200)
      own.now += 11 * 60_000
      upstream.failNext('/v1/parameters', unavailable, unavailable)
      upstream.failNext('/v1/site', unavailable, unavailable)
      upstream.failNext('/v1/info', unavailable, unavailable)
      const gone = await other.api(session, 'GET', '/api/app')
      expect(gone.status).toBe(503)
      expect(await gone.json()).toMatchObject({ error: { code: 'upstream_unavailable' } })
    } finally {
      await other.close()
    }
  })

  it('still answers chats exactly after all that', async () => {
    upstream.next({ answer: 'All good again.' })
    const { events } = await readStream(await relay.chat(token, { query: 'ok?' }))
    expect(textOf(events)).toBe('All good again.')
  })
})
