import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { testConfig } from '../../test/view.ts'
import type { LoaderConfig } from '../config.ts'
import type { AppChunk, AppControl, ChunkFile, Handoff } from '../handoff.ts'
import { LANGUAGES } from '../i18n/languages.ts'
import { createLoader, type ParleyApi } from './loader.ts'
import { launcherTexts } from './strings.ts'

const APP: ChunkFile = { file: 'app.0123456789abcdef.js', integrity: 'sha384-x' }

/** A fake app chunk: records what the loader hands over and every call it forwards. */
function fakeApp() {
  const calls: string[] = []
  const handoffs: Handoff[] = []
  const control: AppControl = {
    open: (options) => calls.push(options ? `open ${JSON.stringify(options)}` : 'open'),
    close: () => calls.push('close'),
    toggle: () => calls.push('toggle'),
    send: (text) => calls.push(`send ${text}`),
    generate: (inputs) => calls.push(`generate ${JSON.stringify(inputs)}`),
    setInputs: (inputs) => calls.push(`setInputs ${JSON.stringify(inputs)}`),
    reset: () => calls.push('reset'),
    identify: (token) => calls.push(`identify ${token}`),
    logout: () => calls.push('logout'),
    destroy: () => calls.push('destroy'),
  }
  const chunk: AppChunk = {
    start(handoff) {
      handoffs.push(handoff)
      return control
    },
  }
  return { calls, handoffs, chunk }
}

let app = fakeApp()
let load = vi.fn()
let api: ParleyApi | null = null

function loader(overrides: Partial<LoaderConfig> = {}, data = {}) {
  api = createLoader({ ...testConfig(), ...overrides }, data, APP, '9.9.9', undefined, load)
  api.init()
  return api
}

const launcher = () =>
  document
    .getElementById('parley-widget')
    ?.shadowRoot?.querySelector<HTMLButtonElement>('[data-parley="launcher"]') ?? null

const settle = () => new Promise((r) => setTimeout(r, 0))

beforeEach(() => {
  sessionStorage.clear()
  app = fakeApp()
  load = vi.fn(async () => app.chunk)
})
afterEach(() => {
  api?.destroy()
  api = null
  document.body.replaceChildren()
  vi.restoreAllMocks()
})

describe('the loader before any interaction', () => {
  it('draws a labelled launcher and fetches nothing, stores nothing', () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch')
    const setItem = vi.spyOn(Storage.prototype, 'setItem')
    loader()
    const button = launcher() as HTMLButtonElement
    expect(button.getAttribute('aria-label')).toBe('Chat')
    expect(button.getAttribute('aria-expanded')).toBe('false')
    expect(button.getAttribute('aria-controls')).toBe('parley-panel')
    expect(load).not.toHaveBeenCalled()
    expect(fetchSpy).not.toHaveBeenCalled()
    expect(setItem).not.toHaveBeenCalled()
    expect(document.head.querySelector('script')).toBeNull()
  })

  it('labels the launcher in the page language and direction', () => {
    document.documentElement.lang = 'ar'
    try {
      loader()
      const frame = launcher()?.parentElement as HTMLElement
      expect(launcher()?.getAttribute('aria-label')).toBe('دردشة')
      expect(frame.dir).toBe('rtl')
      expect(frame.lang).toBe('ar')
    } finally {
      document.documentElement.lang = ''
    }
  })
})

describe('the UI language', () => {
  it("falls back to the browser's language, and reads it only then", () => {
    const language = vi.spyOn(navigator, 'language', 'get').mockReturnValue('de-AT')
    loader()
    expect(launcher()?.parentElement?.lang).toBe('de')
    api?.destroy()
    language.mockClear()
    document.documentElement.lang = 'fr'
    try {
      loader()
      expect(launcher()?.parentElement?.lang).toBe('fr')
      expect(language).not.toHaveBeenCalled()
    } finally {
      document.documentElement.lang = ''
    }
  })
})

describe('no language the widget has', () => {
  it('labels the launcher in English and hands the app no language (it asks Dify)', async () => {
    const language = vi.spyOn(navigator, 'language', 'get').mockReturnValue('ko-KR')
    document.documentElement.lang = 'ko'
    try {
      loader()
      expect(launcher()?.getAttribute('aria-label')).toBe('Chat')
      api?.open()
      await vi.waitFor(() => expect(app.handoffs).toHaveLength(1))
      expect(app.handoffs[0]?.lang).toBeUndefined()
    } finally {
      document.documentElement.lang = ''
      language.mockRestore()
    }
  })
})

describe('data-preload', () => {
  it.each(['pointerenter', 'focus', 'touchstart'])(
    'intent (default): %s on the launcher loads the app once',
    async (type) => {
      loader()
      launcher()?.dispatchEvent(new Event(type))
      launcher()?.dispatchEvent(new Event(type))
      await settle()
      expect(load).toHaveBeenCalledTimes(1)
      expect(load).toHaveBeenCalledWith('https://relay.test', APP)
      expect(app.handoffs).toHaveLength(1)
      expect(app.calls).toEqual([])
    },
  )

  it('click: hovering loads nothing, the click loads the app and opens the panel', async () => {
    loader({ preload: 'click' })
    launcher()?.dispatchEvent(new Event('pointerenter'))
    expect(load).not.toHaveBeenCalled()
    launcher()?.click()
    launcher()?.click()
    await settle()
    expect(load).toHaveBeenCalledTimes(1)
    expect(app.calls).toEqual(['open'])
  })

  it('eager: loads at once', async () => {
    loader({ preload: 'eager' })
    await settle()
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('idle: loads in idle time after the page has loaded', async () => {
    loader({ preload: 'idle' })
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(1))
  })

  it.each([
    ['data-open', { open: true }, ['open']],
    ['inline mode', { mode: 'inline', target: '#chat' }, []],
  ] as const)('%s loads the app at once', async (_, overrides, calls) => {
    const target = document.createElement('div')
    target.id = 'chat'
    document.body.append(target)
    loader(overrides)
    await settle()
    expect(load).toHaveBeenCalledTimes(1)
    expect(app.calls).toEqual(calls)
  })

  it('loads once the launcher is drawn when this tab has a conversation to restore', async () => {
    sessionStorage.setItem('parley:https://relay.test#', '{"token":"t","conversationId":"c1"}')
    const getItem = vi.spyOn(Storage.prototype, 'getItem')
    loader()
    // Not while drawing: the read waits for the launcher's first frame.
    expect(getItem).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(1))
  })

  it('restores per app: a conversation of another app of the relay does not load this one', async () => {
    sessionStorage.setItem('parley:https://relay.test#', '{"token":"t","conversationId":"c1"}')
    loader({}, { app: 'sales' })
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 20)))
    expect(load).not.toHaveBeenCalled()
    sessionStorage.setItem('parley:https://relay.test#sales', '{"token":"t","conversationId":"c2"}')
    api?.destroy()
    loader({}, { app: 'sales' })
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(1))
  })
})

describe('window.Parley before the app is there', () => {
  it('queues every call, loads the app, and replays them in order', async () => {
    const api = loader()
    const opened = vi.fn()
    api.on('open', opened)
    api.identify('h.p.s')
    api.send('Hello')
    api.reset()
    api.toggle()
    api.close()
    api.logout()
    expect(app.calls).toEqual([])
    await settle()
    expect(load).toHaveBeenCalledTimes(1)
    expect(app.calls).toEqual([
      'identify h.p.s',
      'send Hello',
      'reset',
      'toggle',
      'close',
      'logout',
    ])
    api.open()
    expect(app.calls.at(-1)).toBe('open')
    expect(api.version).toBe('9.9.9')
  })

  it('hands the app the config, the tag attributes, the shadow root and the launcher', async () => {
    loader({ color: '#0f766e' }, { title: 'Help' })
    launcher()?.click()
    await settle()
    const [handoff] = app.handoffs
    expect(handoff?.config.color).toBe('#0f766e')
    expect(handoff?.data).toEqual({ title: 'Help' })
    expect(handoff?.root).toBe(document.getElementById('parley-widget')?.shadowRoot)
    expect(handoff?.launcher?.button).toBe(launcher())
    await handoff?.load({ file: 'math.0123456789abcdef.js', integrity: 'sha384-y' })
    expect(load).toHaveBeenLastCalledWith('https://relay.test', {
      file: 'math.0123456789abcdef.js',
      integrity: 'sha384-y',
    })
  })
})

describe('when the app cannot be loaded', () => {
  it('says so on the launcher, warns, emits parley:error, and retries on the next click', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const errors: unknown[] = []
    const onError = (e: Event) => errors.push((e as CustomEvent).detail)
    addEventListener('parley:error', onError)
    load.mockRejectedValueOnce(undefined)
    loader()
    launcher()?.click()
    await settle()
    removeEventListener('parley:error', onError)
    const button = launcher() as HTMLButtonElement
    expect(button.classList.contains('fail')).toBe(true)
    expect(button.title).toBe('Chat unavailable')
    expect(button.parentElement?.querySelector('[role="status"]')?.textContent).toBe(
      'Chat unavailable',
    )
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('https://relay.test'))
    expect(errors).toEqual([expect.objectContaining({ code: 'app_unavailable' })])
    expect(app.calls).toEqual([])

    button.click()
    await settle()
    expect(load).toHaveBeenCalledTimes(2)
    expect(button.classList.contains('fail')).toBe(false)
    expect(button.title).toBe('')
    expect(app.calls).toEqual(['open'])
  })
})

describe('Parley.open, data-launcher="none" and the teaser', () => {
  it('forwards open({ message, send }) as it was called', async () => {
    const api = loader()
    api.open({ message: 'Where is my order?' })
    api.open({ message: 'Track #123', send: true })
    await settle()
    expect(app.calls).toEqual([
      'open {"message":"Where is my order?"}',
      'open {"message":"Track #123","send":true}',
    ])
  })

  it('draws no launcher for data-launcher="none"; the page opens the chat through the API', async () => {
    const api = loader({}, { launcher: 'none' })
    expect(document.getElementById('parley-widget')?.shadowRoot).not.toBeNull()
    expect(launcher()).toBeNull()
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 20)))
    expect(load).not.toHaveBeenCalled()
    api.open({ message: 'Hi' })
    await settle()
    expect(app.handoffs[0]?.launcher).toBeNull()
    expect(app.calls).toEqual(['open {"message":"Hi"}'])
  })

  it('draws data-icon in the launcher, and no glyph for data-icon="none"; open, the close glyph', async () => {
    // The stylesheets draw the glyph box `.g`: the chat bubble, hidden when the button has class
    // `i` (data-icon); open, the × (icon.browser.test.ts looks at what they paint).
    loader({}, { icon: '/img/help.png' })
    const button = launcher() as HTMLButtonElement
    const img = button.querySelector('img') as HTMLImageElement
    expect(img.getAttribute('src')).toBe('/img/help.png')
    expect(img.alt).toBe('')
    expect(button.getAttribute('aria-label')).toBe('Chat')
    expect(button.className).toBe('launch i')
    expect(button.querySelectorAll('.g')).toHaveLength(1)
    button.click()
    await settle()
    const handle = app.handoffs[0]?.launcher
    handle?.show({ open: true })
    expect(button.getAttribute('aria-expanded')).toBe('true')
    handle?.show({ open: false })
    expect(button.getAttribute('aria-expanded')).toBe('false')
    api?.destroy()
    loader({}, { icon: 'none' })
    expect(launcher()?.querySelector('img')).toBeNull()
    expect(launcher()?.className).toBe('launch i')
    api?.destroy()
    loader()
    expect(launcher()?.className).toBe('launch')
    expect(launcher()?.querySelector('.g')).not.toBeNull()
    expect(launcher()?.querySelector('img')).toBeNull()
  })

  it('a call made before init waits for the widget to be drawn', async () => {
    api = createLoader(testConfig(), {}, APP, '9.9.9', undefined, load)
    api.send('early')
    await settle()
    expect(load).not.toHaveBeenCalled()
    api.init()
    await settle()
    expect(app.calls).toEqual(['send early'])
  })

  it('loads the app in idle time when the tag has a teaser (the app shows it)', async () => {
    loader({}, { teaser: 'Questions? Ask us' })
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(1))
    expect(app.calls).toEqual([])
  })

  it('has a launcher name and failure text in every language, each its own', () => {
    const texts = LANGUAGES.map((lang) => launcherTexts(lang))
    for (const [label, failed] of texts) {
      expect(label).toBeTruthy()
      expect(failed).toBeTruthy()
    }
    expect(new Set(texts.map(([, failed]) => failed)).size).toBe(LANGUAGES.length)
  })
})

describe('several widgets on one page', () => {
  it('finds each by its data-app; events reach only their own widget', async () => {
    const first = loader()
    const second = createLoader(testConfig(), { app: 'sales' }, APP, '9.9.9', first.get, load)
    second.init()
    try {
      expect(first.get()).toBe(first)
      expect(first.get('sales')).toBe(second)
      expect(second.get('')).toBe(first)
      expect(first.get('billing')).toBeUndefined()
      const hosts = [
        document.getElementById('parley-widget'),
        document.getElementById('parley-widget-sales'),
      ]
      expect(hosts[1]?.shadowRoot).not.toBe(hosts[0]?.shadowRoot)
      const heard: string[] = []
      first.on('open', () => heard.push('first'))
      second.on('open', () => heard.push('second'))
      const onWindow: (EventTarget | null)[] = []
      const record = (e: Event) => onWindow.push(e.target)
      addEventListener('parley:open', record)
      hosts[1]?.dispatchEvent(new CustomEvent('parley:open', { detail: {}, bubbles: true }))
      hosts[0]?.dispatchEvent(new CustomEvent('parley:open', { detail: {}, bubbles: true }))
      removeEventListener('parley:open', record)
      expect(heard).toEqual(['second', 'first'])
      expect(onWindow).toEqual([hosts[1], hosts[0]])
    } finally {
      second.destroy()
    }
  })
})

describe('destroy and init', () => {
  it('destroy removes the widget and the app; init draws it again and restarts the app', async () => {
    const api = loader({ preload: 'eager' })
    await settle()
    api.init()
    expect(document.querySelectorAll('#parley-widget')).toHaveLength(1)
    api.destroy()
    expect(app.calls).toEqual(['destroy'])
    expect(document.getElementById('parley-widget')).toBeNull()
    launcher()?.click()
    api.init()
    await settle()
    expect(document.querySelectorAll('#parley-widget')).toHaveLength(1)
    expect(load).toHaveBeenCalledTimes(1)
    expect(app.handoffs).toHaveLength(2)
  })

  it.each([
    ['matches nothing', '#missing'],
    ['is missing', null],
  ])('falls back to a bubble with a warning when data-target %s', (_, target) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    loader({ mode: 'inline', target })
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('data-target'))
    expect(document.getElementById('parley-widget')?.parentElement).toBe(document.documentElement)
    expect(document.getElementById('parley-widget')?.dataset.mode).toBe('bubble')
    expect(launcher()).not.toBeNull()
  })

  it('puts the bubble after <body>, so a single-page app swapping the body leaves it', () => {
    loader()
    const host = document.getElementById('parley-widget')
    expect(host?.parentElement).toBe(document.documentElement)
    const old = document.body
    old.replaceWith(document.createElement('body'))
    expect(host?.isConnected).toBe(true)
    expect(launcher()).not.toBeNull()
    document.documentElement.replaceChild(old, document.body)
  })
})
