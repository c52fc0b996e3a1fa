import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type HttpBindings, serve } from '@hono/node-server'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import { type Scenario, startDifyUpstream } from '@parley/emulator/server'
import { readEventStream, type WidgetEvent } from '@parley/shared'
import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { scriptedEvents } from '../test/push-kit.ts'
import { plainIds } from '../test/test-kit.ts'
import { answerEvents } from './dify/answer-events.ts'
import { createDifyClient } from './dify/client.ts'
import { answerDirectly, type Outgoing, withDirectAnswers } from './node-answers.ts'
import { createNodeFetch } from './node-fetch.ts'
import { answerStream } from './routes/answer-stream.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const start: WidgetEvent = { type: 'start', conversationId: 'c', messageId: 'm', taskId: 't' }
const end: WidgetEvent = { type: 'end', messageId: 'm', sources: [] }

const slowly = (events: WidgetEvent[], gapMs: number) => scriptedEvents(events, gapMs).source

const SSE = { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' }

/** A ServerResponse stand-in that records what was written to it. */
function recorder() {
  const listeners: Record<string, (() => void)[]> = {}
  const out = {
    head: null as { status: number; headers: Record<string, unknown> } | null,
    text: '',
    ended: false,
    destroyed: false,
    writable: true,
    writeHead(status: number, headers: Record<string, unknown>) {
      out.head = { status, headers }
    },
    flushHeaders() {},
    write(text: string) {
      out.text += text
    },
    end() {
      out.ended = true
    },
    on(event: string, listener: () => void) {
      listeners[event] = [...(listeners[event] ?? []), listener]
    },
    emit(event: string) {
      for (const listener of listeners[event] ?? []) listener()
    },
  }
  return out satisfies Outgoing
}

describe('answerDirectly', () => {
  it('writes an answer stream to the socket itself, as text, and leaves the stream unread', async () => {
    const body = answerStream(slowly([start, end], 5))
    const out = recorder()
    const res = answerDirectly(new Response(body, { status: 200, headers: SSE }), out)
    expect(res).toBe(RESPONSE_ALREADY_SENT)
    expect(out.head).toEqual({
      status: 200,
      headers: { 'content-type': SSE['Content-Type'], 'cache-control': 'no-cache' },
    })
    for (let i = 0; i < 100 && !out.ended; i++) await sleep(5)
    expect(out.text).toMatch(/^event: start\ndata: .*\n\nevent: end\ndata: /s)
    expect(out.ended).toBe(true)
    expect(body.locked).toBe(false)
  })

  it('stops writing when the visitor goes away, and still drains the answer', async () => {
    let drained = false
    const deltas = Array.from({ length: 5 }, (): WidgetEvent => ({ type: 'delta', text: 'x' }))
    const body = answerStream(slowly([start, ...deltas, end], 10), {
      onDrained: () => {
        drained = true
      },
    })
    const out = recorder()
    answerDirectly(new Response(body, { headers: SSE }), out)
    for (let i = 0; i < 100 && out.text === ''; i++) await sleep(2)
    out.destroyed = true
    out.emit('close')
    const seen = out.text
    for (let i = 0; i < 100 && !drained; i++) await sleep(5)
    expect(drained).toBe(true)
    expect(out.text).toBe(seen)
    expect(out.ended).toBe(false)
  })

  it('passes any other response as it is', async () => {
    const out = recorder()
    const json = new Response('{}', { headers: { 'content-type': 'application/json' } })
    expect(answerDirectly(json, out)).toBe(json)
    // An event stream that is not an answer's: read as usual.
    const other = new Response(new ReadableStream({ start: (c) => c.close() }), { headers: SSE })
    const passed = answerDirectly(other, out)
    expect(passed).not.toBe(RESPONSE_ALREADY_SENT)
    expect(await passed.text()).toBe('')
    expect(out.head).toBeNull()
  })

  it('leaves an answer that already gave out bytes to be read as usual', async () => {
    const body = answerStream(slowly([start, end], 0))
    // The end goes out at once: by now the stream holds the whole answer.
    await sleep(20)
    const out = recorder()
    const res = answerDirectly(new Response(body, { headers: SSE }), out)
    expect(res).not.toBe(RESPONSE_ALREADY_SENT)
    expect(out.head).toBeNull()
    expect(await res.text()).toMatch(/^event: start\n.*\n\nevent: end\n/s)
  })
})

describe('withDirectAnswers', () => {
  const servers: { close(): void }[] = []
  afterEach(() => {
    for (const server of servers.splice(0)) server.close()
  })

  it('serves answers through node:http as they come, and other responses as before', async () => {
    let firstEventAt = Number.POSITIVE_INFINITY
    const app = new Hono<{ Bindings: HttpBindings }>()
    app.get('/answer', (c) =>
      c.body(
        answerStream(slowly([start, end], 100), {
          onEvent: () => {
            firstEventAt = Math.min(firstEventAt, performance.now())
          },
        }),
        200,
        SSE,
      ),
    )
    app.get('/json', (c) => c.json({ ok: true }))
    const server = serve({ fetch: withDirectAnswers(app.fetch), port: 0, hostname: '127.0.0.1' })
    servers.push(server)
    await new Promise((resolve) => server.once('listening', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

    const res = await fetch(`${base}/answer`)
    // The headers came before the first event.
    expect(performance.now()).toBeLessThan(firstEventAt)
    expect(res.headers.get('content-type')).toBe(SSE['Content-Type'])
    expect(res.headers.get('transfer-encoding')).toBe('chunked')
    const text = await res.text()
    expect(text).toMatch(
      /^event: start\n.*\n\nevent: end\ndata: \{"messageId":"m","sources":\[\]\}\n\n$/s,
    )

    expect(await (await fetch(`${base}/json`)).json()).toEqual({ ok: true })
  })
})

describe('the Node path, end to end', () => {
  // The Node entry's way: Dify over node-fetch with its bytes pushed, the text written to the socket.
  // The same events as the other runtimes' way: Dify over the global fetch, web streams both ends.
  const cleanup: (() => unknown)[] = []
  afterEach(async () => {
    for (const done of cleanup.splice(0).reverse()) await done()
  })

  async function setUp() {
    const upstream = await startDifyUpstream()
    const fetcher = createNodeFetch()
    cleanup.push(
      () => upstream.close(),
      () => fetcher.close(),
    )
    const dify = createDifyClient({
      baseUrl: upstream.url,
      apiKey: upstream.apiKey,
      fetch: fetcher,
      firstByteTimeoutMs: 2000,
      idleTimeoutMs: 300,
    })
    const webDify = createDifyClient({
      baseUrl: upstream.url,
      apiKey: upstream.apiKey,
      fetch: (request) => fetch(request),
      firstByteTimeoutMs: 2000,
      idleTimeoutMs: 300,
    })
    let drained = 0
    let ended = 0
    const app = new Hono<{ Bindings: HttpBindings }>()
    app.post('/chat', async (c) => {
      const frames = await dify.chat({ query: 'q', inputs: {}, user: 'v' })
      const body = answerStream(answerEvents(frames, dify.frames, { ids: plainIds }), {
        onDrained: () => drained++,
        onEnd: () => ended++,
      })
      return c.body(body, 200, SSE)
    })
    const server = serve({ fetch: withDirectAnswers(app.fetch), port: 0, hostname: '127.0.0.1' })
    cleanup.push(() => {
      ;(server as Server).closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    })
    await new Promise((resolve) => server.once('listening', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`
    return {
      upstream,
      url,
      drained: () => drained,
      ended: () => ended,
      async pushed(): Promise<WidgetEvent[]> {
        const events: WidgetEvent[] = []
        const res = await fetch(url, { method: 'POST' })
        await readEventStream(res.body as ReadableStream<Uint8Array>, (e) => events.push(e))
        return events
      },
      async viaWebStreams(): Promise<WidgetEvent[]> {
        const events: WidgetEvent[] = []
        const frames = await webDify.chat({ query: 'q', inputs: {}, user: 'v' })
        const body = answerStream(answerEvents(frames, webDify.frames, { ids: plainIds }))
        await readEventStream(body, (e) => events.push(e))
        return events
      },
    }
  }

  const answer = 'Grüße 👋 — ünïcødé 中文, and a longer tail to split into many small writes.'
  const scenarios: Record<string, Scenario> = {
    'a whole answer, its bytes split anywhere': { answer, bytes: { size: 7 } },
    'pings between the frames': { answer, pings: { before: 2, every: 1 } },
    'an error event from Dify': { answer, error: { afterChunks: 2, message: 'Model failed' } },
    'the connection cut mid-body': { answer, destroyAfterFrames: 3 },
    'silence mid-body, past the idle timeout': { answer, hangAfterFrames: 3 },
    'an answer replaced by moderation': { answer, replace: { afterChunks: 2, answer: 'No.' } },
  }
  for (const [name, scenario] of Object.entries(scenarios)) {
    it(`gives the same events as web streams do: ${name}`, async () => {
      const relay = await setUp()
      await relay.upstream.next(scenario)
      const web = await relay.viaWebStreams()
      await relay.upstream.next(scenario)
      const pushed = await relay.pushed()
      const ids = (events: WidgetEvent[]) =>
        events.map((e) =>
          e.type === 'start'
            ? { ...e, conversationId: '', messageId: '', taskId: '' }
            : e.type === 'end'
              ? { ...e, messageId: '' }
              : e,
        )
      expect(ids(pushed)).toEqual(ids(web))
      expect(pushed.at(-1)?.type).toMatch(/^(end|error)$/)
      for (let i = 0; i < 100 && relay.drained() === 0; i++) await sleep(10)
      expect(relay.drained()).toBe(1)
    })
  }

  it('stops writing when the visitor goes away mid-answer, and drains Dify to the end', async () => {
    const relay = await setUp()
    await relay.upstream.next({
      answer: 'one two three four five six seven eight',
      frameDelayMs: 20,
    })
    const abort = new AbortController()
    const res = await fetch(relay.url, { method: 'POST', signal: abort.signal })
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    await reader.read()
    abort.abort()
    for (let i = 0; i < 100 && relay.ended() === 0; i++) await sleep(5)
    expect(relay.ended()).toBe(1)
    expect(relay.drained()).toBe(0)
    await relay.upstream.settled()
    for (let i = 0; i < 100 && relay.drained() === 0; i++) await sleep(10)
    expect(relay.drained()).toBe(1)
    // Dify was read to the end, not cut off.
    expect(relay.upstream.disconnects).toBe(0)
  })
})
