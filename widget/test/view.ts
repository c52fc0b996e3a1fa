import { DEFAULT_COLOR, type WidgetConfig } from '../src/config.ts'
import type { Handoff } from '../src/handoff.ts'
import { stringsFor } from '../src/i18n/locale.ts'
import { drawHost, drawLauncher, HOST_ID, type Launcher } from '../src/loader/launcher.ts'
import type { View } from '../src/ui/view.ts'

export function testConfig(overrides: Partial<WidgetConfig> = {}): WidgetConfig {
  return {
    relay: 'https://relay.test',
    title: null,
    color: DEFAULT_COLOR,
    theme: 'light',
    position: 'right',
    open: false,
    welcome: null,
    placeholder: null,
    lang: null,
    inputs: null,
    mode: 'bubble',
    target: null,
    preload: 'intent',
    app: null,
    userToken: null,
    loginUrl: null,
    persist: 'tab',
    context: [],
    launcher: null,
    icon: null,
    imageOrigins: [],
    ...overrides,
  }
}

/** What components know about the embed (see test/widget.tsx to render them with it). */
export function testView(overrides: Partial<WidgetConfig> = {}, lang = 'en'): View {
  return {
    config: testConfig(overrides),
    data: {},
    t: stringsFor(lang),
    lang,
    dir: 'ltr',
    imageOrigins: ['https://relay.test'],
  }
}

/** The loader's launcher, drawn into the light DOM (so `document` queries find it). */
export function testLauncher(): Launcher {
  const frame = document.createElement('div')
  document.body.append(frame)
  return drawLauncher(frame, 'Chat', 'Chat unavailable')
}

/** What the loader hands the app: its shadow root with the launcher drawn, as in a page. */
export function testHandoff(
  config: WidgetConfig = testConfig(),
  parent: Element = document.body,
): Handoff & { host: HTMLElement } {
  const { host, root, frame } = drawHost(config, parent, 'en', 'ltr', HOST_ID)
  const { title, welcome, placeholder, inputs, imageOrigins, theme, app, userToken, loginUrl } =
    config
  const data: Record<string, string> = { theme, imageOrigins: imageOrigins.join(' ') }
  if (title) data.title = title
  if (welcome) data.welcome = welcome
  if (placeholder) data.placeholder = placeholder
  if (inputs) data.inputs = JSON.stringify(inputs)
  if (app) data.app = app
  if (userToken) data.userToken = userToken
  if (loginUrl) data.loginUrl = loginUrl
  if (config.persist !== 'tab') data.persist = config.persist
  return {
    config,
    data,
    lang: 'en',
    dir: 'ltr',
    host,
    root,
    launcher:
      config.mode === 'bubble' && config.launcher !== 'none'
        ? drawLauncher(frame, 'Chat', 'Chat unavailable')
        : null,
    load: () => Promise.reject(new Error('no lazy chunks in tests')),
  }
}
