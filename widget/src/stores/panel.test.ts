import { afterEach, describe, expect, it, vi } from 'vitest'
import { emitter } from '../events.ts'
import { createPanel } from './panel.ts'

afterEach(() => vi.unstubAllGlobals())

describe('the panel store', () => {
  it('opens and closes once each, telling the page, and clears the unread dot on open', () => {
    const events: string[] = []
    const record = (e: Event) => events.push(e.type)
    addEventListener('parley:open', record)
    addEventListener('parley:close', record)
    const panel = createPanel('light', emitter(window))
    panel.markUnread()
    expect(panel.$panel.get()).toEqual({ open: false, unread: true, dark: false })
    panel.toggle()
    panel.open()
    expect(panel.$panel.get()).toEqual({ open: true, unread: false, dark: false })
    panel.markUnread()
    expect(panel.$panel.get().unread).toBe(false)
    panel.toggle()
    panel.close()
    removeEventListener('parley:open', record)
    removeEventListener('parley:close', record)
    expect(events).toEqual(['parley:open', 'parley:close'])
  })

  it('starts open, silently, for an inline panel', () => {
    const open = vi.fn()
    addEventListener('parley:open', open)
    const panel = createPanel('dark', emitter(window), true)
    panel.open()
    removeEventListener('parley:open', open)
    expect(panel.$panel.get()).toEqual({ open: true, unread: false, dark: true })
    expect(open).not.toHaveBeenCalled()
  })

  it('follows the system color scheme for `auto` until destroyed', () => {
    const listeners = new Set<() => void>()
    const query = {
      matches: true,
      addEventListener: (_: string, fn: () => void) => listeners.add(fn),
      removeEventListener: (_: string, fn: () => void) => listeners.delete(fn),
    }
    vi.stubGlobal('matchMedia', () => query)
    const panel = createPanel('auto', emitter(window))
    expect(panel.$panel.get().dark).toBe(true)
    query.matches = false
    for (const fn of listeners) fn()
    expect(panel.$panel.get().dark).toBe(false)
    panel.destroy()
    expect(listeners.size).toBe(0)
  })
})
