import { describe, expect, it } from 'vitest'
import { max, mean, median, pairedDifferences, quantile, slices } from './stats.ts'

describe('quantile', () => {
  it('interpolates between ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5)
    expect(quantile([10, 0, 5], 0.5)).toBe(5)
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.99)).toBeCloseTo(10.9)
  })

  it('clamps q and is NaN for no samples', () => {
    expect(quantile([3, 1], 2)).toBe(3)
    expect(quantile([3, 1], -1)).toBe(1)
    expect(quantile([], 0.5)).toBeNaN()
  })
})

describe('summaries', () => {
  it('gives median, mean and max', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(mean([1, 2, 3, 6])).toBe(3)
    expect(max([1, 9, 3])).toBe(9)
    expect(mean([])).toBeNaN()
  })

  it('pairs interleaved samples', () => {
    expect(pairedDifferences([1, 2, 3], [1.5, 2.5])).toEqual([0.5, 0.5])
  })

  it('splits into quarters that cover every value once', () => {
    const quarters = slices([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4)
    expect(quarters.map((q) => q.length)).toEqual([3, 2, 3, 2])
    expect(quarters.flat()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })
})
