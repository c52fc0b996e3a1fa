import { afterEach, describe, expect, it, vi } from 'vitest'
import { testView } from '../../test/view.ts'
import type { ChatError } from '../stores/message.ts'
import { errorText } from './error-text.ts'

const NOW = Date.UTC(2025, 0, 1)
const limited = (seconds: number): ChatError => ({
  code: 'rate_limited',
  message: 'You are sending messages too quickly. Please try again in 12 s.',
  retryable: true,
  until: NOW + seconds * 1000,
})

afterEach(() => vi.useRealTimers())

describe('errorText', () => {
  it('says how long to wait, in seconds, minutes or hours, then "now"', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW })
    const view = testView()
    expect(errorText(limited(12), view)).toBe('Too many messages. Try again in 12 seconds.')
    expect(errorText(limited(600), view)).toBe('Too many messages. Try again in 10 minutes.')
    expect(errorText(limited(7 * 3600), view)).toBe('Too many messages. Try again in 7 hours.')
    expect(errorText(limited(-1), view)).toBe('Too many messages. Try again now.')
  })

  it("says when the app's daily limit is what refused, for everyone", () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW })
    const error = { ...limited(5 * 3600), appLimit: true }
    expect(errorText(error, testView())).toBe(
      "This assistant has reached today's limit. Try again in 5 hours.",
    )
    expect(errorText(error, testView({}, 'de'))).toBe(
      'Tageslimit erreicht. Bitte in 5 Stunden erneut versuchen.',
    )
  })

  it('is localized', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW })
    expect(errorText(limited(12), testView({}, 'de'))).toBe(
      'Zu viele Nachrichten. Bitte in 12 Sekunden erneut versuchen.',
    )
    expect(errorText({ code: 'offline', message: '', retryable: true }, testView({}, 'fr'))).toBe(
      'Pas de connexion.',
    )
  })

  it("falls back to the relay's message, then to the generic text", () => {
    const view = testView()
    expect(
      errorText({ code: 'upstream_error', message: 'Overloaded.', retryable: true }, view),
    ).toBe('Overloaded.')
    expect(errorText({ code: 'upstream_error', message: '', retryable: true }, view)).toBe(
      'Something went wrong.',
    )
    expect(errorText(undefined, view)).toBe('Something went wrong.')
  })
})
