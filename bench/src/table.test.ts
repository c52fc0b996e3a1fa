import { describe, expect, it } from 'vitest'
import { formatBudget, formatValue, type Metric, misses, statusOf } from './metric.ts'
import { markdownTable, metricRows, textTable } from './table.ts'

const weight: Metric = {
  section: 'weight',
  name: 'widget.js brotli',
  value: 15_500,
  unit: 'B',
  budget: { max: 15 * 1024 },
}

describe('budgets', () => {
  it('passes at the limit and misses beyond it', () => {
    expect(statusOf({ ...weight, value: 15 * 1024 })).toBe('ok')
    expect(statusOf(weight)).toBe('MISS')
    expect(statusOf({ ...weight, budget: { min: 2000 }, value: 1999 })).toBe('MISS')
  })

  it('counts an unmeasured budgeted figure as a miss, an unbudgeted one as info', () => {
    expect(statusOf({ ...weight, value: null })).toBe('MISS')
    expect(statusOf({ ...weight, budget: undefined } as Metric)).toBe('info')
  })

  it('names each miss with its value and budget', () => {
    expect(misses([weight])).toEqual(['weight › widget.js brotli: 15.1 KB (budget ≤ 15.0 KB)'])
  })
})

describe('formatting', () => {
  it('formats values by unit', () => {
    expect(formatValue(512, 'B')).toBe('512 B')
    expect(formatValue(2048, 'B')).toBe('2.0 KB')
    expect(formatValue(40_000, 'bytes')).toBe('40,000 B')
    expect(formatValue(1.234, 'ms')).toBe('1.23 ms')
    expect(formatValue(1.1, 'x')).toBe('1.10×')
    expect(formatValue(12_345.6, 'req/s')).toBe('12,346 req/s')
    expect(formatValue(null, 'ms')).toBe('–')
    expect(formatBudget({ ...weight, unit: 'x', budget: { max: 1.15 } })).toBe('≤ 1.15×')
  })

  it('aligns text columns', () => {
    expect(textTable(['a', 'bb'], [['ccc', 'd']])).toBe('a    bb\n───  ──\nccc  d')
  })

  it('escapes pipes in markdown cells', () => {
    expect(markdownTable(['x'], [['a|b']])).toBe('| x |\n| --- |\n| a\\|b |')
  })

  it('puts the note beside the metric name', () => {
    expect(metricRows([{ ...weight, note: 'q11' }])[0]).toEqual([
      'weight',
      'widget.js brotli (q11)',
      '15.1 KB',
      '≤ 15.0 KB',
      'MISS',
    ])
  })
})
