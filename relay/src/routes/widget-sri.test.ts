import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { testRelay } from '../../test/test-relay.ts'

// Non-ASCII on purpose: the hash must be of the UTF-8 bytes served, not of UTF-16 code units.
const JS = '(()=>{console.log("parley — grüße 🎉")})()'
const sri = (bytes: Uint8Array) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`

describe('Subresource Integrity for widget.js', () => {
  it('publishes the sha384 of the exact bytes served at /widget.js.sri', async () => {
    const { app } = testRelay(
      {},
      { widgetFile: async (name: string) => (name === 'widget.js' ? JS : null) },
    )
    const served = new Uint8Array(await (await app.request('/widget.js')).arrayBuffer())
    const res = await app.request('/widget.js.sri', { headers: { Origin: 'https://any.test' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(await res.text()).toBe(sri(served))
  })

  it('follows a rebuilt widget', async () => {
    let js = JS
    const { app } = testRelay(
      {},
      { widgetFile: async (name: string) => (name === 'widget.js' ? js : null) },
    )
    const first = await (await app.request('/widget.js.sri')).text()
    js = `${JS};`
    const second = await (await app.request('/widget.js.sri')).text()
    expect(second).not.toBe(first)
    expect(second).toBe(sri(new TextEncoder().encode(js)))
  })

  it('puts integrity and crossorigin on the shown tag and on the live one', async () => {
    const { app } = testRelay(
      {},
      { widgetFile: async (name: string) => (name === 'widget.js' ? JS : null) },
    )
    const html = await (await app.request('http://relay.example.com/')).text()
    const hash = sri(new TextEncoder().encode(JS))
    expect(html).toContain(
      `&#60;script src=&#34;http://relay.example.com/widget.js&#34; integrity=&#34;${hash}&#34; crossorigin=&#34;anonymous&#34; defer&#62;&#60;/script&#62;`,
    )
    // The live tag also names the build, so a browser never pairs a cached old widget.js with a new hash.
    const etag = (await app.request('/widget.js')).headers.get('etag')?.replaceAll('"', '')
    expect(html.match(/<script[^>]*>/g)).toEqual([
      `<script src="/widget.js?v=${etag}" integrity="${hash}" crossorigin="anonymous" defer>`,
    ])
  })

  it('answers 503 JSON when the widget is not built', async () => {
    const { app } = testRelay()
    const res = await app.request('/widget.js.sri')
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ error: { code: 'upstream_unavailable' } })
  })
})
