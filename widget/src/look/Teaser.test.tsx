import { cleanup, fireEvent, render } from '@testing-library/preact'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { testLauncher } from '../../test/view.ts'
import { type TestWidget, testWidget } from '../../test/widget.tsx'
import type { Data } from '../config.ts'
import { storageKey } from '../config.ts'
import { Teaser } from './Teaser.tsx'

let widget: TestWidget | null = null
beforeEach(() => {
  vi.useFakeTimers()
  sessionStorage.clear()
})
afterEach(() => {
  cleanup()
  widget?.destroy()
  widget = null
  vi.useRealTimers()
  vi.restoreAllMocks()
  document.body.replaceChildren()
})

const KEY = `${storageKey('https://relay.test')}:teaser`

function show(data: Data, persist: 'tab' | 'none' = 'tab') {
  widget = testWidget({ config: { persist } })
  widget.view.data = data
  const launcher = testLauncher()
  const { container } = render(<Teaser widget={widget} launcher={launcher} />)
  const status = () => container.querySelector('[role="status"]')?.textContent
  const bubble = () => container.querySelector<HTMLElement>('[data-parley="teaser"]')
  return { widget, launcher, status, bubble }
}

describe('the teaser', () => {
  it('shows after its delay, politely announced, and marks the launcher unread', async () => {
    const { widget, status, bubble } = show({ teaser: ' Questions? Ask us ', teaserDelay: '1.5' })
    await vi.advanceTimersByTimeAsync(1400)
    expect(bubble()).toBeNull()
    expect(status()).toBe('')
    await vi.advanceTimersByTimeAsync(100)
    expect(status()).toBe('Questions? Ask us')
    expect(bubble()?.getAttribute('part')).toBe('teaser')
    expect(widget.panel.$panel.get().unread).toBe(true)
    // Its text opens the chat, and then it is gone.
    fireEvent.click(bubble()?.querySelector('.tt') as HTMLElement)
    expect(widget.panel.$panel.get().open).toBe(true)
    await vi.advanceTimersByTimeAsync(50)
    expect(bubble()).toBeNull()
  })

  it('comes once per tab session', async () => {
    const first = show({ teaser: 'Hi' })
    await vi.advanceTimersByTimeAsync(3000)
    expect(first.bubble()).not.toBeNull()
    expect(sessionStorage.getItem(KEY)).toBe('1')
    cleanup()
    const again = show({ teaser: 'Hi' })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(again.bubble()).toBeNull()
  })

  it('stores nothing with data-persist="none" (it comes on every page view)', async () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem')
    const { bubble } = show({ teaser: 'Hi' }, 'none')
    await vi.advanceTimersByTimeAsync(3000)
    expect(bubble()).not.toBeNull()
    expect(setItem).not.toHaveBeenCalled()
  })

  it.each([
    [
      'its close button',
      (el: HTMLElement) =>
        fireEvent.click(el.querySelector('[data-parley="teaser-close"]') as HTMLElement),
    ],
    [
      'Escape',
      (el: HTMLElement) =>
        fireEvent.keyDown(el.querySelector('.tt') as HTMLElement, { key: 'Escape' }),
    ],
  ])('goes away with %s, focus going to the launcher', async (_, put) => {
    const { bubble, launcher, widget } = show({ teaser: 'Hi' })
    await vi.advanceTimersByTimeAsync(3000)
    const close = bubble()?.querySelector('[data-parley="teaser-close"]')
    expect(close?.getAttribute('aria-label')).toBe('Dismiss')
    put(bubble() as HTMLElement)
    await vi.advanceTimersByTimeAsync(0)
    expect(bubble()).toBeNull()
    expect(document.activeElement).toBe(launcher.button)
    expect(widget.panel.$panel.get()).toMatchObject({ open: false, unread: false })
  })

  it('does not show when the chat was opened before its delay', async () => {
    const { widget, bubble } = show({ teaser: 'Hi' })
    widget.panel.open()
    await vi.advanceTimersByTimeAsync(3000)
    expect(bubble()).toBeNull()
  })

  it('warns about a bad data-teaser-delay and waits the default 3 seconds', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { bubble } = show({ teaser: 'Hi', teaserDelay: 'soon' })
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('data-teaser-delay="soon"'))
    await vi.advanceTimersByTimeAsync(2900)
    expect(bubble()).toBeNull()
    await vi.advanceTimersByTimeAsync(100)
    expect(bubble()).not.toBeNull()
  })
})
