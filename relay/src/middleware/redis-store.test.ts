import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisServer, startRedisServer } from '../../test/redis-server.ts'
import type { LimitStore } from './limit-store.ts'
import { createRedisStore } from './redis-store.ts'

describe('redis limit store', () => {
  let redis: RedisServer
  const stores: LimitStore[] = []
  const store = () => {
    const s = createRedisStore(redis.url, { prefix: `t${Math.random()}:` })
    stores.push(s)
    return s
  }

  beforeAll(async () => {
    redis = await startRedisServer()
  })

  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close?.()))
    await redis.stop()
  })

  it('takes tokens atomically and says how long to wait', async () => {
    const s = store()
    const rate = { limit: 2, windowMs: 1000 }
    const now = Date.now()
    expect(await s.take('k', rate, now)).toBe(0)
    expect(await s.take('k', rate, now)).toBe(0)
    expect(await s.take('k', rate, now)).toBe(500)
    expect(await s.take('k', rate, now + 500)).toBe(0)
  })

  it('shares one bucket between instances racing on it', async () => {
    const prefix = `race${Math.random()}:`
    const a = createRedisStore(redis.url, { prefix })
    const b = createRedisStore(redis.url, { prefix })
    stores.push(a, b)
    const rate = { limit: 5, windowMs: 60_000 }
    const now = Date.now()
    const waits = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).take('k', rate, now)),
    )
    expect(waits.filter((w) => w === 0)).toHaveLength(5)
  })

  it('counts until the counter expires', async () => {
    const s = store()
    const now = Date.now()
    expect(await s.increment('d', now + 60_000, now)).toBe(1)
    expect(await s.increment('d', now + 60_000, now)).toBe(2)
    expect(await s.increment('gone', now + 30, now)).toBe(1)
    await new Promise((r) => setTimeout(r, 60))
    expect(await s.increment('gone', now + 1000, now)).toBe(1)
  })
})
