import { describe, expect, it } from 'vitest'
import { weightRows } from './report.ts'
import type { ParleyWeights, Weight } from './weight.ts'

const weight = (name: string, files: string[], brotli: number): Weight => ({
  name,
  version: '1.0.0',
  files,
  raw: brotli * 4,
  gzip: brotli + 100,
  brotli,
})

describe('weightRows', () => {
  const parley: ParleyWeights = {
    version: '0.1.0',
    loader: weight('parley', ['widget.js'], 2_000),
    app: weight('parley', ['app.0123456789abcdef.js'], 38_000),
    lazy: [{ ...weight('parley', ['math.0123456789abcdef.js'], 50_000), chunk: 'math' }],
  }

  it('lists Parley file by file, then each alternative beside its page view and its chat', () => {
    const rows = weightRows(parley, [weight('deep-chat', ['dist/deepChat.bundle.js'], 80_000)])
    expect(rows.map((r) => r[0])).toEqual([
      'parley@0.1.0 page view',
      'parley@0.1.0 on intent',
      'parley@0.1.0 chat',
      'parley@0.1.0 lazy',
      'deep-chat@1.0.0',
    ])
    expect(rows[2]?.slice(1, 5)).toEqual(['loader + app', '156.3 KB', '39.3 KB', '39.1 KB'])
    expect(rows[3]?.[1]).toBe('math.0123456789abcdef.js: only when an answer may hold math')
    expect(rows[4]?.slice(5)).toEqual(['40.0×', '2.0×'])
  })

  it('shows a skipped alternative without figures', () => {
    const skipped = { ...weight('flowise-embed', ['dist/web.js'], 0), skipped: 'not installed' }
    expect(weightRows(null, [skipped])).toEqual([
      ['flowise-embed', 'dist/web.js', '–', '–', '–', 'skipped: not installed', ''],
    ])
  })
})
