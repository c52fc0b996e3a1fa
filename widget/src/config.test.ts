import { describe, expect, it, vi } from 'vitest'
import { readAppOptions } from './app-options.ts'
import { DEFAULT_COLOR, readLoaderConfig } from './config.ts'

function script(attrs: Record<string, string>, src = 'https://relay.example.com/widget.js') {
  const el = document.createElement('script')
  el.src = src
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v)
  return el
}

/**
 * The tag's dataset as the loader spreads it (`{ ...script.dataset }`); built by hand because
 * happy-dom's spread drops empty values, which browsers keep.
 */
const datasetOf = (tag: HTMLScriptElement) =>
  Object.fromEntries(
    tag
      .getAttributeNames()
      .filter((name) => name.startsWith('data-'))
      .map((name) => [
        name.slice(5).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
        tag.getAttribute(name) ?? '',
      ]),
  )

/** What loader and app read together from one tag. */
const read = (attrs: Record<string, string>, src?: string) => {
  const warn = vi.fn()
  const tag = script(attrs, src)
  const data = datasetOf(tag)
  const config = {
    ...readLoaderConfig(data, tag.src, 'https://host.example.org/page', warn),
    ...readAppOptions(data, warn),
  }
  return { config, warn }
}

describe('readLoaderConfig + readAppOptions', () => {
  it('uses the defaults when no attribute is set', () => {
    const { config, warn } = read({})
    expect(config).toEqual({
      relay: 'https://relay.example.com',
      title: null,
      color: DEFAULT_COLOR,
      theme: 'auto',
      position: 'right',
      open: false,
      welcome: null,
      placeholder: null,
      lang: null,
      inputs: null,
      mode: 'bubble',
      target: null,
      preload: 'intent',
      launcher: null,
      icon: null,
      app: null,
      imageOrigins: [],
      userToken: null,
      loginUrl: null,
      persist: 'tab',
      context: [],
    })
    expect(warn).not.toHaveBeenCalled()
  })

  it('reads every attribute', () => {
    const { config, warn } = read({
      'data-relay': 'https://chat.example.com/parley/',
      'data-title': ' Support ',
      'data-color': 'rgb(15, 118, 110)',
      'data-theme': 'dark',
      'data-position': 'left',
      'data-open': 'true',
      'data-welcome': 'Hi!',
      'data-placeholder': 'Ask…',
      'data-lang': 'de-CH',
      'data-inputs': '{"plan":"pro","seats":3}',
      'data-mode': 'inline',
      'data-target': '#chat',
      'data-preload': 'idle',
      'data-app': ' sales ',
      'data-image-origins': 'https://cdn.example.com/img, https://files.example.com',
      'data-user-token': 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjdXN0LTEifQ.c2ln',
      'data-login-url': '/account/login?next=/help',
      'data-persist': 'browser',
      'data-launcher': 'none',
      'data-icon': '/img/help.svg',
      'data-context': 'URL, title',
    })
    expect(config).toEqual({
      relay: 'https://chat.example.com/parley',
      title: 'Support',
      color: 'rgb(15, 118, 110)',
      theme: 'dark',
      position: 'left',
      open: true,
      welcome: 'Hi!',
      placeholder: 'Ask…',
      lang: 'de-CH',
      inputs: { plan: 'pro', seats: 3 },
      mode: 'inline',
      target: '#chat',
      preload: 'idle',
      launcher: 'none',
      icon: `${new URL('/img/help.svg', document.baseURI).href}`,
      app: 'sales',
      imageOrigins: ['https://cdn.example.com', 'https://files.example.com'],
      userToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjdXN0LTEifQ.c2ln',
      loginUrl: `${new URL('/account/login?next=/help', document.baseURI).href}`,
      persist: 'browser',
      context: ['url', 'title'],
    })
    expect(warn).not.toHaveBeenCalled()
  })

  it('treats a bare data-open as true and accepts hex colors and a relative relay', () => {
    const { config } = read({ 'data-open': '', 'data-color': '#0F766E', 'data-relay': '/relay' })
    expect(config.open).toBe(true)
    expect(config.color).toBe('#0F766E')
    expect(config.relay).toBe('https://host.example.org/relay')
  })

  it.each([
    ['data-relay', 'javascript:alert(1)', 'relay', 'https://relay.example.com'],
    ['data-color', 'red;background:url(x)', 'color', DEFAULT_COLOR],
    ['data-color', '#12', 'color', DEFAULT_COLOR],
    ['data-theme', 'sepia', 'theme', 'auto'],
    ['data-position', 'top', 'position', 'right'],
    ['data-open', 'yes', 'open', false],
    ['data-lang', 'xx', 'lang', null],
    ['data-inputs', '{not json', 'inputs', null],
    ['data-inputs', '[1,2]', 'inputs', null],
    ['data-mode', 'popup', 'mode', 'bubble'],
    ['data-preload', 'hover', 'preload', 'intent'],
    ['data-image-origins', 'javascript:alert(1)', 'imageOrigins', []],
    ['data-image-origins', 'not a url', 'imageOrigins', []],
    ['data-app', 'Sales Bot', 'app', null],
    ['data-user-token', 'not a token', 'userToken', null],
    ['data-login-url', 'javascript:alert(1)', 'loginUrl', null],
    ['data-persist', 'forever', 'persist', 'tab'],
    ['data-launcher', 'hidden', 'launcher', null],
    ['data-icon', 'javascript:alert(1)', 'icon', null],
    ['data-context', 'url,cookies', 'context', []],
    ['data-context', 'constructor', 'context', []],
  ] as const)(
    'warns once about a bad %s (%s) and uses the default',
    (attr, value, key, fallback) => {
      const { config, warn } = read({ [attr]: value })
      expect(config[key]).toEqual(fallback)
      expect(warn).toHaveBeenCalledTimes(1)
      expect(warn.mock.calls[0]?.[0]).toContain(attr)
    },
  )

  it('works without a script tag (page origin as relay)', () => {
    expect(readLoaderConfig({}, undefined, 'https://host.example.org/page', vi.fn()).relay).toBe(
      'https://host.example.org',
    )
  })

  it('never throws, whatever the attributes', () => {
    expect(() =>
      read({ 'data-relay': '::::', 'data-inputs': 'null', 'data-color': '' }),
    ).not.toThrow()
  })
})
