import { describe, expect, it } from 'vitest'
import { benchAnswer, cutInto, longMarkdown } from './answer.ts'

describe('benchAnswer', () => {
  it('is 2,000 deltas of ~20 KB markdown with code blocks and tables', () => {
    const deltas = benchAnswer()
    const text = deltas.join('')
    expect(deltas).toHaveLength(2000)
    expect(text).toBe(longMarkdown(20_000))
    expect(text.length).toBeGreaterThanOrEqual(20_000)
    expect(text.length).toBeLessThan(21_500)
    expect(text).toContain('```ts')
    expect(text).toContain('| --- |')
  })

  it('cuts text into pieces that join back to it', () => {
    expect(cutInto('abcdefghij', 4)).toEqual(['abc', 'de', 'fgh', 'ij'])
  })
})
