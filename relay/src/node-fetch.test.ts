import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { startDifyUpstream } from '@parley/emulator/server'
import { afterEach, describe, expect, it } from 'vitest'
import { framesOf } from '../test/push-kit.ts'
import { type ByteSource, bytesOf } from './dify/byte-source.ts'
import { createDifyClient } from './dify/client.ts'
import { DifyError } from './dify/errors.ts'
import { createNodeFetch, type NodeFetch } from './node-fetch.ts'

const cleanup: (() => unknown)[] = []
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done()
})

function fetcher(options?: Parameters<typeof createNodeFetch>[0]): NodeFetch {
  const f = createNodeFetch(options)
  cleanup.push(() => f.close())
  return f
}

/** The text a pushed body gives: resolves at its end, rejects when it breaks off. */
function pushedText(source: ByteSource): Promise<string> {
  const decoder = new TextDecoder()
  return new Promise((resolve, reject) => {
    let text = ''
    source.start({
      data: (bytes) => (text += decoder.decode(bytes, { stream: true })),
      end: () => resolve(text + decoder.decode()),
      fail: reject,
    })
  })
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void

async function server(handler: Handler): Promise<string> {
  const s: Server = createServer(async (req, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    handler(req, res, body)
  })
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  cleanup.push(() => {
    s.closeAllConnections()
    return new Promise((resolve) => s.close(resolve))
  })
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`
}

describe('createNodeFetch', () => {
  it('sends method, headers and body, and answers status, headers and body', async () => {
    const base = await server((req, res, body) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-multi': ['a', 'b'] })
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }))
    })
    const res = await fetcher()(
      new Request(`${base}/v1/thing?x=1`, {
        method: 'POST',
        headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
        body: '{"q":"é"}',
      }),
    )
    expect(res.status).toBe(201)
    expect(res.headers.get('x-multi')).toBe('a, b')
    const echoed = (await res.json()) as {
      method: string
      url: string
      headers: Record<string, string>
      body: string
    }
    expect(echoed).toMatchObject({ method: 'POST', url: '/v1/thing?x=1', body: '{"q":"é"}' })
    expect(echoed.headers).toMatchObject({
      authorization: 'Bearer k',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength('{"q":"é"}')),
      accept: '*/*',
      'user-agent': 'node',
    })
  })

  it('streams the body as it arrives, and reuses the connection', async () => {
    const ports = new Set<number>()
    let release = () => {}
    const base = await server((req, res) => {
      ports.add(req.socket.remotePort ?? 0)
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('data: one\n\n')
      release = () => res.end('data: two\n\n')
    })
    const f = fetcher()
    for (let i = 0; i < 2; i++) {
      const res = await f(new Request(`${base}/stream`))
      const reader = (res.body as ReadableStream<Uint8Array>).getReader()
      const decoder = new TextDecoder()
      expect(decoder.decode((await reader.read()).value)).toBe('data: one\n\n')
      release()
      let rest = ''
      for (let r = await reader.read(); !r.done; r = await reader.read())
        rest += decoder.decode(r.value)
      expect(rest).toBe('data: two\n\n')
    }
    expect(ports.size).toBe(1)
  })

  it('decodes a gzip body', async () => {
    const base = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      res.end(gzipSync('{"ok":true}'))
    })
    expect(await (await fetcher()(new Request(base))).json()).toEqual({ ok: true })
  })

  it('has no body for HEAD and 204', async () => {
    const base = await server((_req, res) => {
      res.writeHead(204)
      res.end()
    })
    const res = await fetcher()(new Request(base, { method: 'POST', body: 'x' }))
    expect(res.status).toBe(204)
    expect(res.body).toBeNull()
  })

  it('leaves redirects to the fallback, with the body to send again', async () => {
    const base = await server((_req, res) => {
      res.writeHead(307, { location: '/elsewhere' })
      res.end()
    })
    const seen: { url: string; body: string }[] = []
    const f = fetcher({
      fallback: async (request) => {
        seen.push({ url: request.url, body: await request.text() })
        return new Response('followed')
      },
    })
    const res = await f(new Request(`${base}/start`, { method: 'POST', body: 'again' }))
    expect(await res.text()).toBe('followed')
    expect(seen).toEqual([{ url: `${base}/start`, body: 'again' }])
  })

  it('answers a redirect as it came when the request says manual', async () => {
    const base = await server((_req, res) => {
      res.writeHead(307, { location: '/elsewhere' })
      res.end()
    })
    const f = fetcher({
      fallback: async () => {
        throw new Error('nothing is followed')
      },
    })
    const res = await f(
      new Request(`${base}/start`, { method: 'POST', body: 'x', redirect: 'manual' }),
    )
    expect(res.status).toBe(307)
    expect(res.headers.get('location')).toBe('/elsewhere')
  })

  it('streams a long body in chunks, reading it only as fast as the socket takes it', async () => {
    let pulled = 0
    const total = 32 * 1024 * 1024
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (pulled >= total) return controller.close()
          pulled += 64 * 1024
          controller.enqueue(new Uint8Array(64 * 1024).fill(7))
        },
      },
      { highWaterMark: 0 },
    )
    let heldAt = 0
    let received: { headers: IncomingMessage['headers']; bytes: number } | undefined
    const s = createServer((req, res) => {
      // Read nothing for a while: the client must stop, not buffer the body.
      req.pause()
      setTimeout(async () => {
        heldAt = pulled
        let bytes = 0
        for await (const chunk of req) bytes += (chunk as Buffer).length
        received = { headers: req.headers, bytes }
        res.end('ok')
      }, 100)
    })
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
    cleanup.push(() => {
      s.closeAllConnections()
      return new Promise((done) => s.close(done))
    })
    const base = `http://127.0.0.1:${(s.address() as AddressInfo).port}`
    const res = await fetcher()(new Request(base, { method: 'POST', body, duplex: 'half' }))
    expect(await res.text()).toBe('ok')
    const { headers, bytes } = received ?? { headers: {}, bytes: 0 }
    expect(bytes).toBe(total)
    expect(headers['transfer-encoding']).toBe('chunked')
    expect(headers['content-length']).toBeUndefined()
    // Socket buffers hold a few MB at most; the other 30 MB waited for the server.
    expect(heldAt).toBeLessThan(8 * 1024 * 1024)
  })

  it('answers a redirect after a streamed body as it came: it cannot be sent again', async () => {
    const base = await server((_req, res) => {
      res.writeHead(307, { location: '/elsewhere' })
      res.end()
    })
    let followed = false
    const f = fetcher({
      fallback: async () => {
        followed = true
        return new Response('followed')
      },
    })
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(100 * 1024))
        controller.close()
      },
    })
    const res = await f(new Request(`${base}/start`, { method: 'POST', body, duplex: 'half' }))
    expect(res.status).toBe(307)
    expect(res.headers.get('location')).toBe('/elsewhere')
    expect(followed).toBe(false)
  })

  it('breaks off the request when a streamed body fails, and cancels it on abort', async () => {
    let aborted = 0
    const s = createServer((req) => req.on('aborted', () => aborted++).resume())
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
    cleanup.push(() => {
      s.closeAllConnections()
      return new Promise((resolve) => s.close(resolve))
    })
    const base = `http://127.0.0.1:${(s.address() as AddressInfo).port}`
    let sent = 0
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (++sent > 3) return controller.error(new Error('too large'))
        controller.enqueue(new Uint8Array(64 * 1024))
      },
    })
    const post = (body: ReadableStream<Uint8Array>, signal?: AbortSignal) =>
      fetcher()(
        new Request(base, { method: 'POST', body, duplex: 'half', ...(signal && { signal }) }),
      )
    await expect(post(failing)).rejects.toThrow('too large')

    let cancelled = false
    const endless = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(new Uint8Array(64 * 1024)),
      cancel: () => {
        cancelled = true
      },
    })
    const controller = new AbortController()
    const pending = post(endless, controller.signal)
    setTimeout(() => controller.abort(), 50)
    await expect(pending).rejects.toThrow()
    for (let i = 0; i < 50 && aborted < 2; i++) await new Promise((r) => setTimeout(r, 10))
    expect(cancelled).toBe(true)
    expect(aborted).toBe(2)

    let stalledCancelled = false
    const stalled = new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(new Uint8Array(10)),
      pull: () => new Promise<void>(() => {}),
      cancel: () => {
        stalledCancelled = true
      },
    })
    const early = new AbortController()
    const waiting = post(stalled, early.signal)
    setTimeout(() => early.abort(), 20)
    await expect(waiting).rejects.toThrow()
    expect(stalledCancelled).toBe(true)
  })

  it('rejects when the connection is refused or reset before an answer', async () => {
    const base = await server((req) => req.socket.destroy())
    await expect(fetcher()(new Request(base))).rejects.toThrow()
    await expect(fetcher()(new Request('http://127.0.0.1:1/'))).rejects.toThrow()
  })

  it('errors the body when the connection breaks mid-body', async () => {
    const base = await server((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('data: one\n\n', () => setTimeout(() => req.socket.destroy(), 10))
    })
    const res = await fetcher()(new Request(base))
    await expect(res.text()).rejects.toThrow()
  })

  it('aborts on the request signal, before and after the answer', async () => {
    let closed = 0
    const base = await server((req, res) => {
      res.on('close', () => closed++)
      if (req.url === '/headers') {
        res.writeHead(200, { 'content-type': 'text/event-stream' })
        res.write('data: one\n\n')
      }
    })
    const early = new AbortController()
    const pending = fetcher()(new Request(`${base}/hang`, { signal: early.signal }))
    setTimeout(() => early.abort(), 20)
    await expect(pending).rejects.toThrow()

    const late = new AbortController()
    const res = await fetcher()(new Request(`${base}/headers`, { signal: late.signal }))
    late.abort()
    await expect(res.text()).rejects.toThrow()
    for (let i = 0; i < 50 && closed < 2; i++) await new Promise((r) => setTimeout(r, 10))
    expect(closed).toBe(2)
  })

  it('closes the connection when the reader cancels the body', async () => {
    let closed = false
    const base = await server((_req, res) => {
      res.on('close', () => (closed = true))
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('data: one\n\n')
    })
    const res = await fetcher()(new Request(base))
    await res.body?.cancel()
    for (let i = 0; i < 50 && !closed; i++) await new Promise((r) => setTimeout(r, 10))
    expect(closed).toBe(true)
  })

  it('offers the bytes of a body pushed, decoded, leaving its stream unread', async () => {
    const base = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' })
      res.end(gzipSync('data: one\n\ndata: two\n\n'))
    })
    const res = await fetcher()(new Request(base))
    const body = res.body as ReadableStream<Uint8Array>
    expect(await pushedText(bytesOf(body))).toBe('data: one\n\ndata: two\n\n')
    expect(body.locked).toBe(false)
  })

  it('breaks off a pushed body when the connection does, and stopping it closes the connection', async () => {
    let closed = false
    const base = await server((req, res) => {
      res.on('close', () => (closed = true))
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      if (req.url === '/break') {
        res.write('data: one\n\n', () => setTimeout(() => req.socket.destroy(), 10))
      } else res.write('data: one\n\n')
    })
    const broken = await fetcher()(new Request(`${base}/break`))
    await expect(pushedText(bytesOf(broken.body as ReadableStream<Uint8Array>))).rejects.toThrow()

    closed = false
    const res = await fetcher()(new Request(base))
    const reading = bytesOf(res.body as ReadableStream<Uint8Array>).start({
      data: () => reading.stop(),
      end() {},
      fail() {},
    })
    for (let i = 0; i < 50 && !closed; i++) await new Promise((r) => setTimeout(r, 10))
    expect(closed).toBe(true)
  })

  it('reads a body whose stream was read from as a stream, to the end', async () => {
    const base = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('data: one\n\n', () => setTimeout(() => res.end('data: two\n\n'), 20))
    })
    const res = await fetcher()(new Request(base))
    const body = res.body as ReadableStream<Uint8Array>
    const reader = body.getReader()
    const first = await reader.read()
    reader.releaseLock()
    expect(new TextDecoder().decode(first.value)).toBe('data: one\n\n')
    expect(await pushedText(bytesOf(body))).toBe('data: two\n\n')
  })

  it('carries a whole answer from the test upstream through the Dify client', async () => {
    const upstream = await startDifyUpstream()
    cleanup.push(() => upstream.close())
    const dify = createDifyClient({
      baseUrl: upstream.url,
      apiKey: upstream.apiKey,
      fetch: fetcher(),
      firstByteTimeoutMs: 5000,
      idleTimeoutMs: 5000,
    })
    upstream.next({ chunks: ['Hello', ' there', '!'] })
    const frames = await dify.chat({ query: 'hi', inputs: {}, user: 'v_test' })
    let answer = ''
    for (const frame of await framesOf(frames))
      if (frame.event === 'message') answer += frame.answer
    expect(answer).toBe('Hello there!')
    expect(await dify.parameters()).toBeTypeOf('object')
    const refused = createDifyClient({
      baseUrl: upstream.url,
      apiKey: 'app-wrong',
      fetch: fetcher(),
      firstByteTimeoutMs: 5000,
      idleTimeoutMs: 5000,
    })
    await expect(refused.parameters()).rejects.toBeInstanceOf(DifyError)
  })
})
