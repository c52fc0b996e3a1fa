import type { DifyUpstream } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LimitStore } from '../src/middleware/limit-store.ts'
import { createRedisStore } from '../src/middleware/redis-store.ts'
import type { LoopbackRelay } from './loopback-relay.ts'
import { readStream, startLoopbackRelay } from './loopback-relay.ts'
import { type RedisServer, startRedisServer } from './redis-server.ts'

let redis: RedisServer
let upstream: DifyUpstream
const relays: LoopbackRelay[] = []
const stores: LimitStore[] = []
beforeAll(async () => {
  ;[redis, upstream] = await Promise.all([startRedisServer(), startDifyUpstream()])
})
afterAll(async () => {
  await Promise.all(relays.map((r) => r.close()))
  await Promise.all(stores.map((s) => s.close?.()))
  await upstream.close()
  await redis.stop()
})

/** Two relay instances sharing SESSION_SECRET and one Redis, as behind a round-robin balancer. */
async function pair(env: Record<string, string>): Promise<[LoopbackRelay, LoopbackRelay]> {
  const prefix = `pair${relays.length}:`
  const start = async () => {
    const store = createRedisStore(redis.url, { prefix })
    stores.push(store)
    const relay = await startLoopbackRelay(upstream, env, { limitStore: store })
    relays.push(relay)
    return relay
  }
  return [await start(), await start()]
}

async function chat(relay: LoopbackRelay, token: string): Promise<Response> {
  const res = await relay.chat(token, { query: 'hi' })
  if (res.status === 200) await readStream(res)
  return res
}

async function expectLimited(res: Response, message: RegExp) {
  expect(res.status).toBe(429)
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
  const body = (await res.json()) as { error: { code: string; message: string } }
  expect(body.error.code).toBe('rate_limited')
  expect(body.error.message).toMatch(message)
}

describe('rate limits shared by two relays through one redis-server', () => {
  it('shares the per-session bucket', async () => {
    const [a, b] = await pair({ RATE_LIMIT_SESSION: '3/min' })
    const token = await a.session()
    for (const relay of [a, b, a]) expect((await chat(relay, token)).status).toBe(200)
    await expectLimited(await chat(b, token), /too quickly/)
    // Another visitor on the same instances is unaffected.
    expect((await chat(b, await b.session())).status).toBe(200)
  })

  it('shares the per-IP limit on session creation', async () => {
    const [a, b] = await pair({ RATE_LIMIT_IP: '4/min' })
    const statuses = []
    for (const relay of [a, b, a, b, a]) {
      const res = await fetch(`${relay.url}/api/session`, { method: 'POST' })
      statuses.push(res.status)
      if (res.status === 429) await expectLimited(res, /network/)
      else await res.arrayBuffer()
    }
    expect(statuses).toEqual([201, 201, 201, 201, 429])
  })

  it('shares the daily cap per session', async () => {
    const [a, b] = await pair({ DAILY_LIMIT_SESSION: '2' })
    const token = await b.session()
    expect((await chat(a, token)).status).toBe(200)
    expect((await chat(b, token)).status).toBe(200)
    await expectLimited(await chat(a, token), /today's limit of 2 messages/)
  })
})
