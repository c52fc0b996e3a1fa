import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { bodyLimit } from './body-limit.ts'

function app(maxSize = 10) {
  const app = new Hono()
  app.post('/', bodyLimit({ maxSize, onError: (c) => c.text('too large', 413) }), async (c) =>
    c.text(`got ${(await c.req.text()).length}`),
  )
  app.get('/', bodyLimit({ maxSize, onError: (c) => c.text('too large', 413) }), (c) =>
    c.text('get'),
  )
  return app
}

function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text)
  return new ReadableStream({
    start(controller) {
      for (const byte of bytes) controller.enqueue(new Uint8Array([byte]))
      controller.close()
    },
  })
}

const post = (body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  new Request('http://relay.test/', {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit)

describe('bodyLimit', () => {
  it('passes a body whose declared length is within the limit', async () => {
    const res = await app().request(post('0123456789', { 'content-length': '10' }))
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('got 10')
  })

  it('refuses a body whose declared length is over the limit', async () => {
    const res = await app().request(post('01234567890', { 'content-length': '11' }))
    expect(res.status).toBe(413)
    expect(await res.text()).toBe('too large')
  })

  it('counts the bytes of a body without a declared length', async () => {
    expect((await app().request(post(chunked('0123456789')))).status).toBe(200)
    const res = await app().request(post(chunked('01234567890')))
    expect(res.status).toBe(413)
  })

  it('counts the bytes when Transfer-Encoding is set, whatever Content-Length says', async () => {
    const res = await app().request(
      post(chunked('01234567890'), { 'content-length': '1', 'transfer-encoding': 'chunked' }),
    )
    expect(res.status).toBe(413)
  })

  it('lets requests without a body through', async () => {
    const res = await app().request('/')
    expect(await res.text()).toBe('get')
  })

  it('does not touch the raw body when the declared length decides', async () => {
    const limited = new Hono()
    let touched = false
    limited.use(async (c, next) => {
      const raw = c.req.raw
      const body = raw.body
      Object.defineProperty(raw, 'body', {
        get: () => {
          touched = true
          return body
        },
      })
      await next()
    })
    limited.post('/', bodyLimit({ maxSize: 10, onError: (c) => c.text('too large', 413) }), (c) =>
      c.text('ok'),
    )
    const res = await limited.request(post('0123', { 'content-length': '4' }))
    expect(await res.text()).toBe('ok')
    expect(touched).toBe(false)
  })
})
