import { describe, expect, it } from 'vitest'
import { TEST_KEY, TEST_SECRET, testRelay } from '../test/test-relay.ts'

describe('createRelay', () => {
  it('reports health with mode and version', async () => {
    const { app } = testRelay({}, { version: '1.2.3' })
    const res = await app.request('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, mode: 'dify', version: '1.2.3' })
  })

  it('lets any page read its health, since the widget checks the mode from the host origin', async () => {
    const { app } = testRelay()
    const res = await app.request('/healthz', { headers: { Origin: 'https://elsewhere.example' } })
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*')
  })

  it('reports demo mode when no key is set', async () => {
    const { app } = testRelay({ DIFY_API_KEY: '' })
    expect(await (await app.request('/healthz')).json()).toMatchObject({ mode: 'demo' })
  })

  it('answers unknown routes with a JSON not_found', async () => {
    const { app } = testRelay()
    const res = await app.request('/nope')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'No route for GET /nope.' },
    })
  })

  it('turns a thrown error into a generic JSON error, logging only its name', async () => {
    const { app, lines } = testRelay()
    app.get('/boom', () => {
      throw new TypeError(`failed with ${TEST_KEY} and ${TEST_SECRET}`)
    })
    const res = await app.request('/boom')
    expect(res.status).toBe(502)
    const text = await res.text()
    expect(JSON.parse(text).error.code).toBe('upstream_error')
    const everything = text + JSON.stringify(lines)
    expect(everything).not.toContain(TEST_KEY)
    expect(everything).not.toContain(TEST_SECRET)
    expect(everything).not.toMatch(/at .*\.ts:\d+/)
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', name: 'TypeError' }))
  })

  it('requires a session on /api routes other than /api/session', async () => {
    const { app } = testRelay()
    const res = await app.request('/api/app')
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } })
  })
})
