import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeRelay, json, sse } from '../test/fake-relay.ts'
import { testConfig, testHandoff } from '../test/view.ts'
import { storageKey } from './config.ts'
import type { AppControl } from './handoff.ts'
import { stringsFor } from './i18n/locale.ts'
import { start } from './widget.ts'

let relay = fakeRelay()
let control: AppControl | null = null
const panelOf = (root: ShadowRoot) => root.querySelector<HTMLElement>('[data-parley="panel"]')

/** The open/close events the widget dispatches, in order. */
function panelEvents(): string[] {
  const seen: string[] = []
  for (const type of ['open', 'close']) {
    const listener = () => seen.push(type)
    addEventListener(`parley:${type}`, listener)
    cleanups.push(() => removeEventListener(`parley:${type}`, listener))
  }
  return seen
}
let cleanups: (() => void)[] = []

function startApp(overrides = {}) {
  const handoff = testHandoff(testConfig(overrides))
  control = start(handoff, { fetch: relay.fetch })
  return handoff
}

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
afterEach(() => {
  control?.destroy()
  control = null
  for (const cleanup of cleanups) cleanup()
  cleanups = []
  document.body.replaceChildren()
})

describe('the app in the loader’s shadow root', () => {
  it('shows the opening statement and starters once opened, and reads the app attributes', async () => {
    const { root, launcher } = startApp()
    expect(panelOf(root)?.hidden).toBe(true)
    control?.open()
    expect(launcher?.button.getAttribute('aria-expanded')).toBe('true')
    await vi.waitFor(() => expect(panelOf(root)?.hidden).toBe(false))
    await vi.waitFor(() => expect(root.textContent).toContain('Hello there!'))
    expect(root.textContent).toContain('Prices?')
    expect(root.querySelector('[role="dialog"]')?.getAttribute('aria-label')).toBe('Acme help')
  })

  it('lets data-welcome and data-title override the app', async () => {
    const { root } = startApp({ welcome: 'Custom **welcome**', title: 'Our chat' })
    control?.open()
    await vi.waitFor(() => expect(root.querySelector('strong')?.textContent).toBe('welcome'))
    expect(root.textContent).not.toContain('Hello there!')
    expect(root.querySelector('[role="dialog"]')?.getAttribute('aria-label')).toBe('Our chat')
  })

  it('takes over the launcher the loader drew: toggles the panel at once, shows its state', async () => {
    const { launcher, host } = startApp()
    const events = panelEvents()
    const button = launcher?.button as HTMLButtonElement
    const dot = button.querySelector('.dot') as HTMLElement
    button.click()
    expect(events).toEqual(['open'])
    expect(button.getAttribute('aria-expanded')).toBe('true')
    expect(host.hasAttribute('data-open')).toBe(true)
    button.click()
    expect(events).toEqual(['open', 'close'])
    expect(button.getAttribute('aria-expanded')).toBe('false')
    expect(host.hasAttribute('data-open')).toBe(false)
    expect(dot.hidden).toBe(true)
    // An answer that arrives while the panel is closed shows the dot; opening clears it.
    control?.send('Hi')
    button.click()
    expect(dot.hidden).toBe(true)
    await vi.waitFor(() => expect(dot.hidden).toBe(false))
    button.click()
    expect(dot.hidden).toBe(true)
  })

  it('sends through the control the loader forwards the API to, and emits events', async () => {
    const { root, launcher } = startApp()
    const messages = vi.fn()
    const onMessage = (e: Event) => messages((e as CustomEvent).detail)
    addEventListener('parley:message', onMessage)
    cleanups.push(() => removeEventListener('parley:message', onMessage))
    control?.send('Do you ship to Mars?')
    expect(launcher?.button.getAttribute('aria-expanded')).toBe('true')
    await vi.waitFor(() => expect(messages).toHaveBeenCalledTimes(2))
    expect(messages).toHaveBeenLastCalledWith(
      expect.objectContaining({ role: 'assistant', text: 'Sure' }),
    )
    const shown = () => root.querySelectorAll('[data-parley="message"]')
    await vi.waitFor(() => expect(shown()).toHaveLength(2))
    control?.reset()
    await vi.waitFor(() => expect(shown()).toHaveLength(0))
  })

  it('Parley.open({ message }) puts it in the composer; with send: true it sends it', async () => {
    const { root } = startApp()
    control?.open({ message: 'Where is my order?' })
    const input = () => root.querySelector<HTMLTextAreaElement>('[data-parley="input"]')
    await vi.waitFor(() => expect(input()?.value).toBe('Where is my order?'))
    expect(relay.calls.some((c) => c.path === '/api/chat')).toBe(false)
    control?.close()
    control?.open({ message: 'Track #123', send: true })
    await vi.waitFor(() => expect(relay.calls.some((c) => c.path === '/api/chat')).toBe(true))
    expect(relay.calls.find((c) => c.path === '/api/chat')?.body).toEqual({ query: 'Track #123' })
    // The draft stays for the visitor to send or change.
    expect(input()?.value).toBe('Where is my order?')
  })

  it('tells the page its events from its host element, bubbling to window', async () => {
    const { host } = startApp()
    const targets: (EventTarget | null)[] = []
    const record = (e: Event) => targets.push(e.target)
    addEventListener('parley:open', record)
    cleanups.push(() => removeEventListener('parley:open', record))
    control?.open()
    expect(targets).toEqual([host])
  })

  it('without a launcher (data-launcher="none"), gives focus back to the page’s button on close', async () => {
    const button = document.createElement('button')
    document.body.append(button)
    button.focus()
    const { root } = startApp({ launcher: 'none' })
    control?.open()
    const input = () => root.querySelector<HTMLTextAreaElement>('[data-parley="input"]')
    await vi.waitFor(() => expect(root.activeElement).toBe(input()))
    input()?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    expect(document.activeElement).toBe(button)
    await vi.waitFor(() => expect(panelOf(root)?.hidden).toBe(true))
  })

  it('sends the page context the app declares (data-context), as it is when sent', async () => {
    relay.on('GET /api/app', () =>
      json({
        inputs: [
          { variable: 'page_url', label: 'Page', type: 'text-input', required: true },
          { variable: 'plan', label: 'Plan', type: 'text-input', required: false },
        ],
        features: {},
      }),
    )
    const handoff = testHandoff(testConfig({ inputs: { plan: 'pro' } }))
    control = start(
      { ...handoff, data: { ...handoff.data, context: 'url,title' } },
      {
        fetch: relay.fetch,
      },
    )
    await vi.waitFor(() => expect(relay.calls.some((c) => c.path === '/api/app')).toBe(true))
    control.send('Hi')
    const chats = () => relay.calls.filter((c) => c.path === '/api/chat').map((c) => c.body)
    await vi.waitFor(() => expect(chats()).toHaveLength(1))
    // page_title is not an input of this app: the relay would refuse it.
    expect(chats()[0]).toEqual({ query: 'Hi', inputs: { plan: 'pro', page_url: location.href } })
  })

  it('waits for the app’s inputs before a first message with the page context', async () => {
    let answer: (response: Response) => void = () => {}
    relay.on('GET /api/app', () => new Promise<Response>((resolve) => (answer = resolve)))
    const handoff = testHandoff(testConfig())
    control = start(
      { ...handoff, data: { ...handoff.data, context: 'url' } },
      {
        fetch: relay.fetch,
      },
    )
    control.send('Which size?')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(relay.calls.some((c) => c.path === '/api/chat')).toBe(false)
    answer(
      json({
        inputs: [{ variable: 'page_url', label: 'Page', type: 'text-input', required: true }],
        features: {},
      }),
    )
    const chats = () => relay.calls.filter((c) => c.path === '/api/chat').map((c) => c.body)
    await vi.waitFor(() => expect(chats()).toHaveLength(1))
    expect(chats()[0]).toEqual({ query: 'Which size?', inputs: { page_url: location.href } })
  })

  it('sends data-inputs with every message', async () => {
    startApp({ inputs: { plan: 'pro' } })
    control?.send('Hi')
    await vi.waitFor(() => expect(relay.calls.some((c) => c.path === '/api/chat')).toBe(true))
    expect(relay.calls.find((c) => c.path === '/api/chat')?.body).toEqual({
      query: 'Hi',
      inputs: { plan: 'pro' },
    })
  })

  it('sends what Parley.setInputs() set over data-inputs, and warns about anything but an object', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    cleanups.push(() => warn.mockRestore())
    startApp({ inputs: { plan: 'pro' } })
    control?.setInputs('plan' as unknown as Record<string, unknown>)
    expect(warn).toHaveBeenCalledWith('[parley] Parley.setInputs() takes an object of inputs')
    control?.setInputs({ plan: 'team', seats: 3 })
    control?.send('Hi')
    const chats = () => relay.calls.filter((c) => c.path === '/api/chat').map((c) => c.body)
    await vi.waitFor(() => expect(chats()).toHaveLength(1))
    expect(chats()[0]).toEqual({ query: 'Hi', inputs: { plan: 'team', seats: 3 } })
    // As data-inputs: a new conversation keeps them.
    await new Promise((resolve) => setTimeout(resolve, 50))
    control?.reset()
    control?.send('Again')
    await vi.waitFor(() => expect(chats()).toHaveLength(2))
    expect(chats()[1]).toEqual({ query: 'Again', inputs: { plan: 'team', seats: 3 } })
  })

  it('stores nothing until the visitor opens the panel (the session minted on intent stays in memory)', async () => {
    startApp()
    await vi.waitFor(() => expect(relay.calls.some((c) => c.path === '/api/app')).toBe(true))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(sessionStorage.length).toBe(0)
    control?.open()
    expect(JSON.parse(sessionStorage.getItem(storageKey(testConfig().relay)) ?? '{}').token).toBe(
      'tok1',
    )
  })

  it('is open from the start in inline mode', () => {
    const target = document.createElement('section')
    document.body.append(target)
    const handoff = testHandoff(testConfig({ mode: 'inline', target: 'section' }), target)
    control = start(handoff, { fetch: relay.fetch })
    const events = panelEvents()
    // Already open: opening again says nothing.
    control.open()
    expect(events).toEqual([])
    expect(panelOf(handoff.root)?.hidden).toBe(false)
  })

  it('destroy removes the app and its state but leaves the loader its launcher', () => {
    const { root, launcher } = startApp()
    control?.open()
    control?.destroy()
    control = null
    expect(root.querySelector('[data-parley="panel"]')).toBeNull()
    expect(root.querySelector('[data-parley="launcher"]')).not.toBeNull()
    expect(launcher?.button.querySelector('.dot')).toBeNull()
    // The app no longer drives the launcher: the loader's own listeners do.
    const events = panelEvents()
    launcher?.button.click()
    expect(events).toEqual([])
  })

  it('asks for the app data-app names, and keeps that app’s conversation apart', async () => {
    startApp({ app: 'sales' })
    control?.open()
    await vi.waitFor(() => expect(relay.calls.some((c) => c.path === '/api/app')).toBe(true))
    const session = relay.calls.find((c) => c.path === '/api/session')
    expect(session?.body).toEqual({ app: 'sales' })
    await vi.waitFor(() =>
      expect(sessionStorage.getItem('parley:https://relay.test#sales')).toContain('token'),
    )
    expect(sessionStorage.getItem('parley:https://relay.test#')).toBeNull()
  })

  describe('in another language', () => {
    const files = {
      math: 'sha256-m0',
      strings: 'sha256-s1/x+',
    }
    const startIn = (
      lang: 'de' | 'ar' | undefined,
      load: (file: { file: string }) => Promise<unknown>,
    ) => {
      vi.stubGlobal('__PARLEY_CHUNKS__', files)
      cleanups.push(() => vi.unstubAllGlobals())
      const handoff = { ...testHandoff(testConfig()), lang, load }
      control = start(handoff, { fetch: relay.fetch })
      return handoff
    }
    const input = (root: ShadowRoot) =>
      root.querySelector<HTMLTextAreaElement>('[data-parley="input"]')

    it('loads the strings chunk and draws the panel in that language; a click before is kept', async () => {
      let deliver = (_: unknown) => {}
      const loaded: string[] = []
      const { root } = startIn('de', (file) => {
        loaded.push(file.file)
        return new Promise((resolve) => (deliver = resolve))
      })
      control?.open()
      expect(loaded).toEqual(['strings.s1_x-.js'])
      expect(input(root)).toBeNull()
      deliver(stringsFor)
      await vi.waitFor(() => expect(input(root)?.placeholder).toBe('Nachricht eingeben…'))
      expect(panelOf(root)?.hidden).toBe(false)
    })

    it('stays usable, in English, with a console warning, when the strings cannot load', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
      cleanups.push(() => warn.mockRestore())
      const { root } = startIn('ar', () => Promise.reject(new Error('offline')))
      await vi.waitFor(() => expect(input(root)?.placeholder).toBe('Type a message…'))
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('"ar" could not be loaded'))
    })

    describe('when neither data-lang, the page nor the browser asks for one it has', () => {
      // The loader found none (loader.test.ts): its handoff names no language.
      const startUnasked = (language: string | null) => {
        relay.on('GET /api/app', () => json({ look: { language }, features: {} }))
        return startIn(undefined, async (file) =>
          file.file === 'strings.s1_x-.js' ? stringsFor : null,
        )
      }

      it('speaks the app’s default language set in Dify, right to left for Arabic', async () => {
        const { root } = startUnasked('ar-SA')
        await vi.waitFor(() => expect(input(root)?.placeholder).toBe(stringsFor('ar').placeholder))
        const app = root.querySelector<HTMLElement>('.app .root')
        expect([app?.lang, app?.dir]).toEqual(['ar', 'rtl'])
      })

      it('speaks English when Dify’s default is not one it has either', async () => {
        const { root } = startUnasked('ko-KR')
        await vi.waitFor(() => expect(input(root)?.placeholder).toBe('Type a message…'))
        expect(root.querySelector<HTMLElement>('.app .root')?.lang).toBe('en')
      })
    })

    it('draws nothing when destroyed before the strings came', async () => {
      let deliver = (_: unknown) => {}
      const { root } = startIn('de', () => new Promise((resolve) => (deliver = resolve)))
      control?.destroy()
      control = null
      deliver(stringsFor)
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(panelOf(root)).toBeNull()
    })
  })
})
