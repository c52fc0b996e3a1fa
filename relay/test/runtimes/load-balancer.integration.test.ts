/**
 * Many instances: three Node relays sharing SESSION_SECRET and a Redis rate-limit store behind nginx
 * round-robin. A visitor's requests land on different instances yet keep one session, one
 * conversation and one set of limits; a stream outlives its instance being stopped with SIGTERM.
 */

import type { DifyUpstream, Json } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import type { StartEvent } from '@parley/shared'
import { ROUTES } from '@parley/shared'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { client, followStream, readStream, textOf } from '../loopback-relay.ts'
import { type RedisServer, startRedisServer } from '../redis-server.ts'
import { type Nginx, startNginx } from './nginx.ts'
import { eventually } from './runtime-suite.ts'
import { type RuntimeRelay, removeNodeBundle, startRelayOn } from './start-relay.ts'

vi.setConfig({ testTimeout: 30_000, hookTimeout: 90_000 })

/** DAILY_LIMIT_APP: messages the app takes per day, from every visitor on every instance. */
const APP_DAY = 12

let upstream: DifyUpstream
let redis: RedisServer
let relays: RuntimeRelay[] = []
let nginx: Nginx
beforeAll(async () => {
  upstream = await startDifyUpstream()
  redis = await startRedisServer()
  relays = await Promise.all(
    [1, 2, 3].map(() =>
      startRelayOn('node', {
        DIFY_API_URL: upstream.url,
        DIFY_API_KEY: upstream.apiKey,
        REDIS_URL: redis.url,
        TRUST_PROXY: 'true',
        RATE_LIMIT_SESSION: '4/min',
        DAILY_LIMIT_APP: String(APP_DAY),
        SHUTDOWN_GRACE: '20s',
      }),
    ),
  )
  nginx = await startNginx(relays.map((r) => new URL(r.url).host))
})
afterAll(async () => {
  await nginx?.close()
  await Promise.all(relays.map((r) => r.close()))
  await redis?.stop()
  await upstream?.close()
  await removeNodeBundle()
})

const lb = () => client(nginx.url)
/** The instance that answered: the last address nginx tried. */
const instanceOf = (response: Response) =>
  (response.headers.get('x-upstream') ?? '').split(', ').at(-1) ?? ''

describe('three relays behind nginx round-robin', () => {
  it('keeps one visitor’s session, conversation and limits across instances', async () => {
    const { url } = lb()
    const seen: string[] = []
    const sessionResponse = await fetch(`${url}${ROUTES.session}`, { method: 'POST' })
    seen.push(instanceOf(sessionResponse))
    const { token } = (await sessionResponse.json()) as { token: string }
    const api = lb()

    upstream.next({ answer: 'first' }, { answer: 'second' }, { answer: 'third' })
    const first = await api.chat(token, { query: 'one' })
    seen.push(instanceOf(first))
    const { events } = await readStream(first)
    const { conversationId } = events[0] as StartEvent
    for (const query of ['two', 'three']) {
      const next = await api.chat(token, { query, conversationId })
      seen.push(instanceOf(next))
      expect((await readStream(next)).events[0]).toMatchObject({ type: 'start', conversationId })
    }
    const history = await api.api(token, 'GET', ROUTES.messages(conversationId))
    seen.push(instanceOf(history))
    const page: Json = await history.json()
    expect(page.messages.map((m: Json) => m.answer)).toEqual(['first', 'second', 'third'])
    // Five requests over three instances: every one of them served this visitor.
    expect(new Set(seen)).toEqual(new Set(relays.map((r) => new URL(r.url).host)))

    // 4/min per session, counted in Redis: the fourth message passes wherever it lands, the fifth
    // is refused although no single instance has seen four.
    upstream.next({ answer: 'fourth' })
    const fourth = await api.chat(token, { query: 'four', conversationId })
    expect(textOf((await readStream(fourth)).events)).toBe('fourth')
    const fifth = await api.chat(token, { query: 'five', conversationId })
    expect(fifth.status).toBe(429)
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('finishes a stream whose instance gets SIGTERM, and sends new requests to the others', async () => {
    const api = lb()
    const token = await api.session()
    const answer = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ')
    upstream.next({ answer, frameDelayMs: 40 })
    const response = await api.chat(token, { query: 'long' })
    const serving = instanceOf(response)
    const relay = relays.find((r) => new URL(r.url).host === serving)
    if (!relay) throw new Error(`no relay at ${serving}`)
    const stream = followStream(response)
    await stream.waitFor((e) => e.some((x) => x.type === 'delta'))

    relay.child.kill('SIGTERM')
    await eventually(() => relay.logs.some((l) => l.includes('SIGTERM: no new connections')))
    for (let i = 0; i < 6; i++) {
      const health = await fetch(`${nginx.url}${ROUTES.health}`)
      expect(health.status).toBe(200)
      expect(instanceOf(health)).not.toBe(serving)
    }
    const events = await stream.done
    expect(textOf(events)).toBe(answer)
    expect(events.at(-1)?.type).toBe('end')
    expect(await relay.exited).toBe(0)
  })

  it('holds the app’s daily cap across instances, whichever one a message lands on', async () => {
    const api = lb()
    const refusedBy = new Set<string>()
    let refusals = 0
    // Fresh sessions (two messages each, within their own rate) until the app's day is used up.
    for (let i = 0; i < APP_DAY && refusals < 3; i++) {
      const token = await api.session()
      for (let n = 0; n < 2; n++) {
        upstream.next({ answer: 'ok' })
        const res = await api.chat(token, { query: `m${i}.${n}` })
        if (res.status === 429) {
          refusals++
          refusedBy.add(instanceOf(res))
          expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
            /^This assistant has reached today's limit\./,
          )
        } else {
          await readStream(res)
        }
      }
    }
    expect(refusals).toBe(3)
    expect(refusedBy.size).toBeGreaterThan(1)
    // Every message Dify saw, over all the tests here: exactly the app's day.
    expect(upstream.received.filter((r) => r === 'POST /v1/chat-messages')).toHaveLength(APP_DAY)
  })
})
