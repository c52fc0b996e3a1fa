import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ExampleServer,
  HEAD_SCRIPT_PATH,
  listPages,
  RELAY_PLACEHOLDER,
  startExampleServer,
  strictCsp,
} from './server.ts'

describe('example server', () => {
  const relayUrl = 'http://127.0.0.1:45678'
  let server: ExampleServer

  beforeAll(async () => {
    server = await startExampleServer({ relayUrl, host: '127.0.0.1' })
  })
  afterAll(() => server.close())

  it('serves every example page with the relay placeholder replaced by the actual relay URL', async () => {
    const pages = await listPages()
    expect(pages).toEqual(
      expect.arrayContaining([
        'basic.html',
        'inline.html',
        'hostile.html',
        'strict-csp.html',
        'dark-rtl.html',
      ]),
    )
    for (const name of pages) {
      const res = await fetch(`${server.url}/${name}`)
      const html = await res.text()
      expect(res.status, name).toBe(200)
      expect(html, name).not.toContain(RELAY_PLACEHOLDER)
      expect(html, name).toContain(`<script src="${relayUrl}/widget.js"`)
    }
  })

  it('embeds the widget only through its script tag: no inline scripts on any page', async () => {
    for (const name of await listPages()) {
      const html = await (await fetch(`${server.url}/${name}`)).text()
      const scripts = html.match(/<script\b[^>]*>/g) ?? []
      expect(
        scripts.filter((s) => s.includes('/widget.js"')),
        name,
      ).toHaveLength(name === 'two-widgets.html' ? 2 : 1)
      // Besides it, only files from the page's origin: a single-page app's library, a page's own script.
      for (const s of scripts.filter((s) => !s.includes('/widget.js"'))) {
        expect(s, name).toMatch(/^<script src="(\/vendor\/(turbo|htmx)|[a-z-]+)\.js"( defer)?>$/)
      }
    }
  })

  it('serves Turbo and htmx for the single-page-app pages, under the strict CSP', async () => {
    for (const lib of ['turbo', 'htmx']) {
      const res = await fetch(`${server.url}/vendor/${lib}.js`)
      expect(res.headers.get('content-type')).toContain('text/javascript')
      expect((await res.text()).length).toBeGreaterThan(10_000)
    }
    const htmx = await fetch(`${server.url}/htmx.html`)
    expect(htmx.headers.get('content-security-policy')).toBe(strictCsp(relayUrl))
    const turbo = await fetch(`${server.url}/turbo.html`)
    const nonce = /<meta name="csp-nonce" content="([^"]+)">/.exec(await turbo.text())?.[1]
    expect(nonce).toMatch(/^[\w+/]{22}==$/)
    expect(turbo.headers.get('content-security-policy')).toBe(strictCsp(relayUrl, nonce))
    const again = await (await fetch(`${server.url}/turbo.html`)).text()
    expect(again, 'a nonce per response').not.toContain(nonce)
  })

  it('sends strict-csp.html with a CSP that allows only itself and the relay, without unsafe-inline or eval', async () => {
    const res = await fetch(`${server.url}/strict-csp.html`)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain(`script-src 'self' ${relayUrl}`)
    expect(csp).toContain(`connect-src 'self' ${relayUrl}`)
    expect(csp).toContain(`img-src 'self' ${relayUrl}`)
    expect(csp).toContain("style-src 'self'")
    expect(csp).toContain("default-src 'none'")
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/)
  })

  it('sends the other pages without a CSP', async () => {
    const res = await fetch(`${server.url}/basic.html`)
    expect(res.headers.get('content-security-policy')).toBeNull()
  })

  it('serves Bootstrap from node_modules for hostile.html', async () => {
    const res = await fetch(`${server.url}/vendor/bootstrap/bootstrap.min.css`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/css')
    expect(await res.text()).toContain('Bootstrap')
  })

  it('refuses paths outside the examples', async () => {
    for (const path of [
      '/../package.json',
      '/server.ts',
      '/vendor/bootstrap/../../package.json',
      '/x.html',
    ]) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404)
    }
  })

  it('lists the pages on its index', async () => {
    const html = await (await fetch(`${server.url}/`)).text()
    for (const name of await listPages()) expect(html).toContain(`href="/${name}"`)
  })

  it('serves no head script unless asked (tests only)', async () => {
    expect((await fetch(`${server.url}${HEAD_SCRIPT_PATH}`)).status).toBe(404)
  })

  it('with a head script, loads it first in every page, before the widget, from its own origin', async () => {
    const withScript = await startExampleServer({
      relayUrl,
      host: '127.0.0.1',
      headScript: 'window.trapped = true',
    })
    try {
      const res = await fetch(`${withScript.url}${HEAD_SCRIPT_PATH}`)
      expect(res.headers.get('content-type')).toContain('text/javascript')
      expect(await res.text()).toBe('window.trapped = true')
      for (const name of await listPages()) {
        const html = await (await fetch(`${withScript.url}/${name}`)).text()
        const scripts = html.match(/<script\b[^>]*>/g) ?? []
        expect(scripts[0], name).toBe(`<script src="${HEAD_SCRIPT_PATH}">`)
        expect(
          scripts.filter((s) => s.includes('/widget.js"')),
          name,
        ).toHaveLength(name === 'two-widgets.html' ? 2 : 1)
        expect(html.indexOf(HEAD_SCRIPT_PATH), name).toBeLessThan(html.indexOf('</head>'))
      }
    } finally {
      await withScript.close()
    }
  })
})
