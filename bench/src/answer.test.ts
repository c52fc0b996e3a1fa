import { describe, expect, it } from 'vitest'
import { benchAnswer, cutInto, longMarkdown } from './answer.ts'

describe('benchAnswer', () => {
  it('is 2,000 deltas of ~20 KB markdown shaped like an LLM answer', () => {
    const deltas = benchAnswer()
    const text = deltas.join('')
    expect(deltas).toHaveLength(2000)
    expect(text).toBe(longMarkdown(20_000))
    expect(text.length).toBeGreaterThanOrEqual(20_000)
    expect(text.length).toBeLessThan(21_500)
    // Numbered steps with a fenced code block and a second paragraph inside each.
    expect(text).toMatch(/^1\. .*\n\n {3}```sh\n(?: {3}.*\n)+?\n {3}\S/m)
    expect(text).toContain('   - `proxy_buffering off`')
    expect(text).toContain('| :--- | ---: | :---: |')
    expect(text).toContain('> **Note:**')
    expect(text).toContain('(https://en.wikipedia.org/wiki/Server-sent_events_(SSE))')
  })

  it('cuts text into pieces that join back to it', () => {
    expect(cutInto('abcdefghij', 4)).toEqual(['abc', 'de', 'fgh', 'ij'])
  })
})
