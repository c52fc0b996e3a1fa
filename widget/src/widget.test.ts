import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApi } from './parley-api.ts'
import { $messages } from './stores/messages.ts'
import { $ui } from './stores/ui.ts'
import { fakeRelay, json, sse } from './test-utils/fake-relay.ts'
import { testConfig } from './test-utils/view.ts'
import { destroy, init, isActive } from './widget.ts'

let relay = fakeRelay()
const start = (overrides = {}) => init(testConfig(overrides), { fetch: relay.fetch, warn: vi.fn() })

beforeEach(() => {
  sessionStorage.clear()
  relay = fakeRelay()
  relay.on('GET /api/app', () =>
    json({
      title: 'Acme help',
      openingStatement: 'Hello there!',
      suggestedQuestions: ['Prices?'],
      features: {},
    }),
  )
  relay.on('POST /api/chat', () =>
    sse([
      { type: 'delta', text: 'Sure' },
      { type: 'end', messageId: 'm1', sources: [] },
    ]),
  )
})
afterEach(() => destroy())

describe('widget lifecycle', () => {
  it('mounts once however often init is called, and destroy removes everything', () => {
    const first = start()
    expect(start()).toBe(first)
    expect(document.querySelectorAll('#parley-widget')).toHaveLength(1)
    destroy()
    expect(isActive()).toBe(false)
    expect(document.getElementById('parley-widget')).toBeNull()
    expect($ui.get().open).toBe(false)
    start()
    expect(document.querySelectorAll('#parley-widget')).toHaveLength(1)
  })

  it('opens on load with data-open and shows the opening statement and starters', async () => {
    const { root } = start({ open: true })
    expect($ui.get().open).toBe(true)
    await vi.waitFor(() => expect(root.textContent).toContain('Hello there!'))
    expect(root.textContent).toContain('Prices?')
    expect(root.querySelector('[role="dialog"]')?.getAttribute('aria-label')).toBe('Acme help')
  })

  it('lets data-welcome and data-title override the app', async () => {
    const { root } = start({ open: true, welcome: 'Custom **welcome**', title: 'Our chat' })
    await vi.waitFor(() => expect(root.querySelector('strong')?.textContent).toBe('welcome'))
    expect(root.textContent).not.toContain('Hello there!')
    expect(root.querySelector('[role="dialog"]')?.getAttribute('aria-label')).toBe('Our chat')
  })

  it('falls back to bubble mode with a warning when data-target matches nothing', () => {
    const warn = vi.fn()
    const { host } = init(testConfig({ mode: 'inline', target: '#missing' }), {
      fetch: relay.fetch,
      warn,
    })
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('data-target'))
    expect(host.parentElement).toBe(document.body)
  })
})

describe('window.Parley API', () => {
  it('queues calls made before init, then opens, sends and emits events', async () => {
    const api = createApi(() => start(), 'test')
    const opened = vi.fn()
    const messages = vi.fn()
    const off = api.on('open', opened)
    const domOpen = vi.fn()
    addEventListener('parley:open', domOpen)
    api.on('message', messages)
    api.send('Do you ship to Mars?')
    expect($messages.get()).toEqual([])
    api.init()
    expect(opened).toHaveBeenCalledTimes(1)
    expect(domOpen).toHaveBeenCalledTimes(1)
    await vi.waitFor(() => expect(messages).toHaveBeenCalledTimes(2))
    expect(messages).toHaveBeenLastCalledWith(
      expect.objectContaining({ role: 'assistant', text: 'Sure' }),
    )
    api.close()
    expect($ui.get().open).toBe(false)
    off()
    api.toggle()
    expect($ui.get().open).toBe(true)
    expect(opened).toHaveBeenCalledTimes(1)
    api.reset()
    expect($messages.get()).toEqual([])
    removeEventListener('parley:open', domOpen)
  })
})
