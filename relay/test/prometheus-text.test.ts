import { describe, expect, it } from 'vitest'
import { parsePrometheusText, sumOf } from './prometheus-text.ts'

describe('parsePrometheusText', () => {
  it('reads types, labels with escapes, special values and timestamps', () => {
    const text = [
      '# HELP hits_total Hits.',
      '# TYPE hits_total counter',
      'hits_total{route="/a/:id",note="say \\"hi\\"\\n\\\\"} 2',
      'hits_total{route="/b"} 3 1700000000000',
      'lag_seconds +Inf',
      '',
    ].join('\n')
    const exposition = parsePrometheusText(text)
    expect(exposition.types.get('hits_total')).toBe('counter')
    expect(exposition.samples[0]?.labels).toEqual({ route: '/a/:id', note: 'say "hi"\n\\' })
    expect(sumOf(exposition, 'hits_total')).toBe(5)
    expect(sumOf(exposition, 'hits_total', { route: '/b' })).toBe(3)
    expect(sumOf(exposition, 'lag_seconds')).toBe(Number.POSITIVE_INFINITY)
    expect(sumOf(exposition, 'missing')).toBe(0)
  })

  it.each([
    'hits_total{route="/a"}',
    'hits_total{route=/a} 1',
    'hits_total{route="/a} 1',
    'hits_total{route="/a",route="/b"} 1',
    'hits_total one',
    '9hits 1',
    '# TYPE hits_total speedometer',
  ])('rejects %s', (line) => {
    expect(() => parsePrometheusText(line)).toThrow()
  })
})
