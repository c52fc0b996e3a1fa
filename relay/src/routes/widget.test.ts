import { describe, expect, it } from 'vitest'
import { testRelay } from '../../test/test-relay.ts'

const JS = '(()=>{console.log("parley")})()'
const APP = 'app.0123456789aB-_ef.js'

/** A widget build holding `files` (by name). */
const built =
  (files: Record<string, string>) =>
  async (name: string): Promise<string | null> =>
    files[name] ?? null

describe('GET /widget.js', () => {
  it('serves the built widget to any origin with an ETag and a short cache', async () => {
    const { app } = testRelay({}, { widgetFile: built({ 'widget.js': JS }) })
    const res = await app.request('/widget.js', { headers: { Origin: 'https://elsewhere.test' } })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe(JS)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('cache-control')).toBe('public, max-age=300')
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{24}"$/)
  })

  it('answers 304 when the browser already has this version', async () => {
    const { app } = testRelay({}, { widgetFile: built({ 'widget.js': JS }) })
    const etag = (await app.request('/widget.js')).headers.get('etag') ?? ''
    const res = await app.request('/widget.js', { headers: { 'If-None-Match': `W/${etag}` } })
    expect(res.status).toBe(304)
    expect(await res.text()).toBe('')
    expect(res.headers.get('etag')).toBe(etag)
  })

  it('changes the ETag when the widget is rebuilt', async () => {
    let js = JS
    const { app } = testRelay(
      {},
      { widgetFile: async (name) => (name === 'widget.js' ? js : null) },
    )
    const first = (await app.request('/widget.js')).headers.get('etag') ?? ''
    js = `${JS};`
    const res = await app.request('/widget.js', { headers: { 'If-None-Match': first } })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).not.toBe(first)
  })

  it('explains with a 503 when the widget has not been built', async () => {
    const { app } = testRelay()
    const res = await app.request('/widget.js')
    expect(res.status).toBe(503)
    const body = (await res.json()) as { error: { message: string } }
    expect(body.error.message).toMatch(/widget\.js has not been built.*build/)
  })
})

describe('GET /widget/<hashed file>', () => {
  it('serves the app chunk to any origin, cached for good (its name changes with its bytes)', async () => {
    const { app } = testRelay({}, { widgetFile: built({ 'widget.js': JS, [APP]: '/* app */' }) })
    const res = await app.request(`/widget/${APP}`, {
      headers: { Origin: 'https://elsewhere.test' },
    })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('/* app */')
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  })

  it.each([
    'app.0123456789abcdee.js',
    'widget.js',
    'manifest.json',
    'app.0123456789aB-_ef.js.map',
    '..%2Fpackage.json',
    'app.0123456789abcde.js',
    'app.0123456789abc%2B%2F.js',
    'app.0123456789a..bcd.js',
  ])('answers 404 for %s without reading anything but hashed scripts', async (name) => {
    const asked: string[] = []
    const { app } = testRelay(
      {},
      {
        widgetFile: async (file) => {
          asked.push(file)
          return file === 'manifest.json' || file === 'widget.js' ? '{}' : null
        },
      },
    )
    const res = await app.request(`/widget/${name}`)
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(asked.filter((file) => file !== 'app.0123456789abcdee.js')).toEqual([])
  })
})

describe('GET /', () => {
  it('shows the exact script tag for this relay, with the widget live and no inline script', async () => {
    const { app } = testRelay()
    const res = await app.request('http://relay.example.com:8787/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    const html = await res.text()
    expect(html).toContain(
      '&#60;script src=&#34;http://relay.example.com:8787/widget.js&#34; defer&#62;&#60;/script&#62;',
    )
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script src="/widget.js" defer>'])
    expect(html).not.toMatch(/demo mode/i)
  })

  it('declares an empty icon, so the browser asks for no /favicon.ico (a 404 in the console)', async () => {
    const { app } = testRelay()
    expect(await (await app.request('/')).text()).toContain('<link rel="icon" href="data:,">')
  })

  it('says when the relay runs in demo mode', async () => {
    const { app } = testRelay({ DIFY_API_KEY: '' })
    expect(await (await app.request('/')).text()).toMatch(/Demo mode/)
  })

  it('uses the forwarded scheme and host only behind a trusted proxy', async () => {
    const headers = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'chat.example.com' }
    const trusted = testRelay({ TRUST_PROXY: 'true' }).app
    expect(await (await trusted.request('http://10.0.0.5/', { headers })).text()).toContain(
      'https://chat.example.com/widget.js',
    )
    const untrusted = testRelay().app
    expect(await (await untrusted.request('http://10.0.0.5/', { headers })).text()).toContain(
      'http://10.0.0.5/widget.js',
    )
  })

  it('escapes a hostile Host header', async () => {
    const { app } = testRelay({ TRUST_PROXY: 'true' })
    const res = await app.request('/', {
      headers: { 'X-Forwarded-Host': '"><img src=x onerror=alert(1)>' },
    })
    expect(await res.text()).not.toContain('<img')
  })
})
