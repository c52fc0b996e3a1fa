import { describe, expect, it } from 'vitest'
import { createMemoryStore } from './limit-store.ts'

const RATE = { limit: 2, windowMs: 1000 }

describe('memory limit store', () => {
  it('takes tokens until the bucket is empty and says how long to wait', async () => {
    const store = createMemoryStore()
    expect(await store.take('k', RATE, 0)).toBe(0)
    expect(await store.take('k', RATE, 0)).toBe(0)
    expect(await store.take('k', RATE, 0)).toBe(500)
    expect(await store.take('k', RATE, 250)).toBe(250)
    expect(await store.take('k', RATE, 500)).toBe(0)
  })

  it('never holds more than the burst, however long a bucket rests', async () => {
    const store = createMemoryStore()
    await store.take('k', RATE, 0)
    const results = []
    for (let i = 0; i < 3; i++) results.push(await store.take('k', RATE, 60_000))
    expect(results).toEqual([0, 0, 500])
  })

  it('counts until the counter expires', async () => {
    const store = createMemoryStore()
    expect(await store.increment('d', 100, 0)).toBe(1)
    expect(await store.increment('d', 100, 50)).toBe(2)
    expect(await store.increment('d', 200, 100)).toBe(1)
  })

  it('stays bounded by dropping the least recently used keys', async () => {
    const store = createMemoryStore({ maxEntries: 2 })
    await store.take('a', { limit: 1, windowMs: 60_000 }, 0)
    await store.take('b', { limit: 1, windowMs: 60_000 }, 0)
    await store.take('a', { limit: 1, windowMs: 60_000 }, 0)
    await store.take('c', { limit: 1, windowMs: 60_000 }, 0)
    // 'b' was the least recently used, so it was dropped and starts full again; 'a' was kept.
    expect(await store.take('a', { limit: 1, windowMs: 60_000 }, 0)).toBeGreaterThan(0)
    expect(await store.take('b', { limit: 1, windowMs: 60_000 }, 0)).toBe(0)
  })
})
