import { describe, expect, it } from 'vitest'
import { cached } from './cache.ts'

function source() {
  const clock = { now: 0 }
  const state = { loads: 0, fail: false, value: 'v1' }
  let release: (() => void) | undefined
  const load = async () => {
    state.loads++
    if (state.fail) throw new Error('dify down')
    return state.value
  }
  const gated = () =>
    new Promise<string>((resolve) => {
      state.loads++
      release = () => resolve(state.value)
    })
  return { clock, state, load, gated, release: () => release?.() }
}

describe('cached', () => {
  it('shares one load between concurrent callers and reuses it within the TTL', async () => {
    const s = source()
    const get = cached(s.load, { ttlMs: 100, staleMs: 1000, now: () => s.clock.now })
    expect(await Promise.all([get(), get()])).toEqual(['v1', 'v1'])
    s.clock.now = 99
    expect(await get()).toBe('v1')
    expect(s.state.loads).toBe(1)
  })

  it('answers with the stale copy at once while one refresh runs, then with the fresh one', async () => {
    const s = source()
    let gated = false
    const get = cached(() => (gated ? s.gated() : s.load()), {
      ttlMs: 100,
      staleMs: 1000,
      now: () => s.clock.now,
    })
    await get()
    gated = true
    s.state.value = 'v2'
    s.clock.now = 150
    // The refresh is still waiting on Dify, yet both callers are answered.
    expect(await Promise.all([get(), get()])).toEqual(['v1', 'v1'])
    expect(s.state.loads).toBe(2)
    s.release()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(await get()).toBe('v2')
    expect(s.state.loads).toBe(2)
  })

  it('keeps serving the stale copy while Dify fails, and tries again on each later call', async () => {
    const s = source()
    const get = cached(s.load, { ttlMs: 100, staleMs: 1000, now: () => s.clock.now })
    await get()
    s.state.fail = true
    s.clock.now = 500
    expect(await get()).toBe('v1')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(await get()).toBe('v1')
    expect(s.state.loads).toBe(3)
  })

  it('fails once the copy is older than the stale limit', async () => {
    const s = source()
    const get = cached(s.load, { ttlMs: 100, staleMs: 1000, now: () => s.clock.now })
    await get()
    s.state.fail = true
    s.clock.now = 1000
    await expect(get()).rejects.toThrow('dify down')
    s.state.fail = false
    expect(await get()).toBe('v1')
  })

  it('fails when there is no copy at all', async () => {
    const s = source()
    s.state.fail = true
    const get = cached(s.load, { ttlMs: 100, staleMs: 1000, now: () => s.clock.now })
    await expect(get()).rejects.toThrow('dify down')
  })
})
