import { describe, expect, it } from 'vitest'
import { createSuggestedCache } from './suggested-cache.ts'

describe('createSuggestedCache', () => {
  it('keeps questions per visitor and message until they are ten minutes old', () => {
    const clock = { now: 0 }
    const cache = createSuggestedCache({ now: () => clock.now })
    cache.set('v_a', 'm1', ['Next?'])
    expect(cache.get('v_a', 'm1')).toEqual(['Next?'])
    expect(cache.get('v_b', 'm1')).toBeUndefined()
    expect(cache.get('v_a', 'm2')).toBeUndefined()
    clock.now += 10 * 60_000
    expect(cache.get('v_a', 'm1')).toBeUndefined()
  })

  it('holds at most `max` entries, dropping the oldest first', () => {
    const cache = createSuggestedCache({ max: 2 })
    cache.set('v', 'm1', ['1'])
    cache.set('v', 'm2', ['2'])
    cache.set('v', 'm3', ['3'])
    expect(cache.get('v', 'm1')).toBeUndefined()
    expect(cache.get('v', 'm2')).toEqual(['2'])
    expect(cache.get('v', 'm3')).toEqual(['3'])
  })
})
