import { describe, expect, it } from 'vitest'
import { luminance, textOn, toRgb } from './color.ts'

describe('accent text color', () => {
  it('parses rgb() colors', () => {
    expect(toRgb('rgb(37, 99, 235)')).toEqual([37, 99, 235])
    expect(toRgb('rgba(0,0,0,0.5)')).toEqual([0, 0, 0])
    expect(toRgb('nonsense')).toBeNull()
  })

  it('computes WCAG luminance', () => {
    expect(luminance([255, 255, 255])).toBeCloseTo(1)
    expect(luminance([0, 0, 0])).toBe(0)
  })

  it('puts white on dark accents and dark text on light ones', () => {
    expect(textOn([37, 99, 235])).toBe('#fff') // default blue
    expect(textOn([17, 24, 39])).toBe('#fff')
    expect(textOn([250, 204, 21])).toBe('#111827') // yellow
    expect(textOn([255, 255, 255])).toBe('#111827')
    expect(textOn(null)).toBe('#fff')
  })
})
