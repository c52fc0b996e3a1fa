import { describe, expect, it } from 'vitest'
import { when } from './when.ts'

const now = Date.UTC(2026, 10, 28, 12, 0, 0)
const MIN = 60_000

describe('when', () => {
  it('says "now", minutes, hours, "yesterday" and days in the widget language', () => {
    expect(when(now - 20_000, 'en', now)).toBe('now')
    expect(when(now - 5 * MIN, 'en', now)).toBe('5 minutes ago')
    expect(when(now - 3 * 60 * MIN, 'en', now)).toBe('3 hours ago')
    expect(when(now - 25 * 60 * MIN, 'en', now)).toBe('yesterday')
    expect(when(now - 3 * 24 * 60 * MIN, 'de', now)).toBe('vor 3 Tagen')
    expect(when(now - 25 * 60 * MIN, 'fr', now)).toBe('hier')
  })

  it('gives a date after a week, with the year only when it is another year', () => {
    expect(when(Date.UTC(2026, 2, 12, 12), 'en', now)).toBe('Mar 12')
    expect(when(Date.UTC(2025, 2, 12, 12), 'en', now)).toBe('Mar 12, 2025')
  })

  it('treats a time in the future (a clock ahead of ours) as now', () => {
    expect(when(now + 60 * MIN, 'en', now)).toBe('now')
  })
})
