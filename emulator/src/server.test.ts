import { request as httpRequest } from 'node:http'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DifyUpstream } from './server.ts'
import { answerOf, jsonOf, parseDifyFrames, startDifyUpstream } from './server.ts'

let upstream: DifyUpstream
beforeEach(async () => {
  upstream = await startDifyUpstream()
})
afterEach(() => upstream.close())

const chatBody = (query: string, extra: Record<string, unknown> = {}) => ({
  query,
  inputs: {},
  user: 'visitor-1',
  response_mode: 'streaming',
  ...extra,
})

function post(path: string, body: unknown, init: { key?: string; signal?: AbortSignal } = {}) {
  return fetch(`${upstream.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${init.key ?? upstream.apiKey}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
    signal: init.signal ?? null,
  })
}

/** Raw socket reads of one chat request: each `data` event as the client received it. */
function rawChunks(body: unknown): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body)
    const req = httpRequest(
      `${upstream.url}/chat-messages`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${upstream.apiKey}`, 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve(chunks))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('Dify test upstream over real HTTP', () => {
  it('streams Dify frames and records the request as sent', async () => {
    upstream.next({ answer: 'Hello 世界 👋' })
    const response = await post('/chat-messages', chatBody('hi'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const frames = parseDifyFrames(await response.text())
    expect(answerOf(frames)).toBe('Hello 世界 👋')
    expect(frames.at(-1)?.event).toBe('message_end')
    const [recorded] = upstream.requests
    expect(recorded).toMatchObject({
      method: 'POST',
      path: '/v1/chat-messages',
      headers: { authorization: `Bearer ${upstream.apiKey}` },
      body: chatBody('hi'),
    })
  })

  it('writes the stream one byte at a time and it still reassembles exactly', async () => {
    upstream.next({ answer: '日本 🎉 ok', bytes: { size: 1, delayMs: 0 } })
    const chunks = await rawChunks(chatBody('hi'))
    const body = Buffer.concat(chunks)
    // One event-loop turn between writes: on loopback nearly every byte is a read of its own.
    expect(chunks.length).toBeGreaterThan(body.length * 0.9)
    const frames = parseDifyFrames(body.toString('utf8'))
    expect(answerOf(frames)).toBe('日本 🎉 ok')
    expect(frames.at(-1)?.event).toBe('message_end')
  })

  it('cuts at chosen byte offsets, so a read can end inside a UTF-8 character', async () => {
    upstream.next({ answer: 'x 🎉' })
    const whole = Buffer.concat(await rawChunks(chatBody('hi')))
    const emoji = whole.indexOf(Buffer.from('🎉'))
    upstream.next({ answer: 'x 🎉', bytes: { at: [emoji + 1, emoji + 3], delayMs: 15 } })
    const chunks = await rawChunks(chatBody('hi'))
    const ends = chunks.map((_, i) => Buffer.concat(chunks.slice(0, i + 1)).length)
    const cut = ends.indexOf(emoji + 1)
    expect(cut).toBeGreaterThanOrEqual(0)
    expect(chunks[cut + 1]).toEqual(Buffer.from('🎉').subarray(1, 3))
    expect(answerOf(parseDifyFrames(Buffer.concat(chunks).toString('utf8')))).toBe('x 🎉')
  })

  it('sends only pings forever when asked, and notices the client leaving', async () => {
    upstream.next({ onlyPings: { intervalMs: 5 } })
    const abort = new AbortController()
    const response = await post('/chat-messages', chatBody('hi'), { signal: abort.signal })
    const reader = response.body?.getReader()
    let text = ''
    while (text.length < 60) text += new TextDecoder().decode((await reader?.read())?.value)
    expect(text).toMatch(/^(event: ping\n\n)+(event: p?i?n?g?:?)?/)
    expect(text).not.toContain('data:')
    abort.abort()
    // The server hears of it when its next ping fails to write: soon, but not at a fixed time.
    await vi.waitFor(() => expect(upstream.disconnects).toBe(1))
  })

  it('answers scripted HTTP errors with Dify JSON bodies, or an HTML 502 from a proxy', async () => {
    const busy = {
      code: 'too_many_requests',
      message:
        'Too many requests. Please try again later. The current maximum concurrent requests allowed for app is 1.',
      status: 429,
    }
    upstream.next(
      { httpError: { status: 429, body: busy } },
      { httpError: { status: 400, body: { ...busy, code: 'invalid_param', status: 400 } } },
      { httpError: { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' } },
    )
    const first = await post('/chat-messages', chatBody('a'))
    expect([first.status, await jsonOf(first)]).toEqual([429, busy])
    const second = await post('/chat-messages', chatBody('b'))
    expect(second.status).toBe(400)
    expect((await jsonOf(second)).message).toMatch(/^Too many requests/)
    const third = await post('/chat-messages', chatBody('c'))
    expect(third.status).toBe(502)
    expect(third.headers.get('content-type')).toBe('text/html')
    expect(await third.text()).toContain('502 Bad Gateway')
    const unauthorized = await post('/chat-messages', chatBody('d'), { key: 'app-wrong' })
    expect([unauthorized.status, (await jsonOf(unauthorized)).code]).toEqual([401, 'unauthorized'])
  })

  it('can hang before the first byte until the client gives up', async () => {
    upstream.next({ hangBeforeResponse: true })
    const started = Date.now()
    await expect(
      post('/chat-messages', chatBody('hi'), { signal: AbortSignal.timeout(40) }),
    ).rejects.toThrow()
    expect(Date.now() - started).toBeLessThan(500)
    await sleep(10)
    expect(upstream.disconnects).toBe(1)
  })

  it('can hang mid-stream with the connection left open', async () => {
    upstream.next({ answer: 'a b c', hangAfterFrames: 1 })
    const response = await post('/chat-messages', chatBody('hi'))
    const reader = response.body?.getReader()
    const first = new TextDecoder().decode((await reader?.read())?.value)
    expect(parseDifyFrames(first)).toHaveLength(1)
    const next = await Promise.race([reader?.read(), sleep(40).then(() => 'still open')])
    expect(next).toBe('still open')
    await reader?.cancel()
  })

  it('can destroy the socket mid-stream, which the client sees as a network error', async () => {
    upstream.next({ answer: 'a b c d', destroyAfterFrames: 2 })
    const response = await post('/chat-messages', chatBody('hi'))
    await expect(response.text()).rejects.toThrow()
  })

  it('saves the full answer in history even when the client disconnects mid-stream', async () => {
    upstream.next({ answer: 'one two three four five', frameDelayMs: 5 })
    const abort = new AbortController()
    const response = await post('/chat-messages', chatBody('count'), { signal: abort.signal })
    const reader = response.body?.getReader()
    const [first] = parseDifyFrames(new TextDecoder().decode((await reader?.read())?.value))
    abort.abort()
    await upstream.settled()
    const history = await fetch(
      `${upstream.url}/messages?conversation_id=${first?.conversation_id}&user=visitor-1`,
      { headers: { authorization: `Bearer ${upstream.apiKey}` } },
    )
    const { data } = await jsonOf(history)
    expect(data).toHaveLength(1)
    expect(data[0]).toMatchObject({
      id: first?.message_id,
      query: 'count',
      answer: 'one two three four five',
    })
  })

  it('stops a running answer through the stop endpoint', async () => {
    upstream.next({ answer: 'a b c d e f g h i j', frameDelayMs: 10 })
    const response = await post('/chat-messages', chatBody('hi'))
    const reader = response.body?.getReader()
    const decoder = new TextDecoder()
    let text = decoder.decode((await reader?.read())?.value, { stream: true })
    const taskId = String(parseDifyFrames(text)[0]?.task_id)
    expect(
      await jsonOf(await post(`/chat-messages/${taskId}/stop`, { user: 'visitor-1' })),
    ).toEqual({ result: 'success' })
    for (let r = await reader?.read(); r && !r.done; r = await reader?.read())
      text += decoder.decode(r.value, { stream: true })
    const frames = parseDifyFrames(text)
    expect(frames.at(-1)?.event).toBe('message_end')
    expect(answerOf(frames).length).toBeLessThan('a b c d e f g h i j'.length)
  })
})
