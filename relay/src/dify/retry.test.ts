import { describe, expect, it } from 'vitest'
import { retrying } from './retry.ts'

describe('retrying', () => {
  it('tries again once after a retryable failure', async () => {
    let calls = 0
    const result = await retrying(
      async () => {
        calls++
        if (calls === 1) throw new Error('blip')
        return 'ok'
      },
      () => true,
      { retries: 1, baseDelayMs: 1 },
    )
    expect(result).toBe('ok')
    expect(calls).toBe(2)
  })

  it('gives up after its retries, with the last error', async () => {
    let calls = 0
    const failing = retrying(
      async () => {
        calls++
        throw new Error(`fail ${calls}`)
      },
      () => true,
      { retries: 1, baseDelayMs: 1 },
    )
    await expect(failing).rejects.toThrow('fail 2')
    expect(calls).toBe(2)
  })

  it('does not retry a failure that is not worth it', async () => {
    let calls = 0
    const failing = retrying(
      async () => {
        calls++
        throw new Error('4xx')
      },
      () => false,
      { retries: 1, baseDelayMs: 1 },
    )
    await expect(failing).rejects.toThrow('4xx')
    expect(calls).toBe(1)
  })

  it('waits between 0.5× and 1.5× the base delay', async () => {
    for (const [random, min] of [
      [0, 40],
      [0.999, 110],
    ] as const) {
      const started = performance.now()
      let calls = 0
      await retrying(
        async () => {
          if (calls++ === 0) throw new Error('blip')
        },
        () => true,
        { retries: 1, baseDelayMs: 80, random: () => random },
      )
      expect(performance.now() - started).toBeGreaterThanOrEqual(min - 5)
    }
  })
})
