import type { DifyUpstream } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoopbackRelay } from './loopback-relay.ts'
import { startLoopbackRelay } from './loopback-relay.ts'
import { idsOf, recordingClient } from './recording-client.ts'

const KEY = 'app-NotARealKey-SecretsTest01'
const SECRET = 'session-secret-DO-NOT-LEAK-0123456789abcdef'
const CLIENT_IP = '198.51.100.77'
const OTHER_SECRET = 'some-other-instance-secret-0123456789abcdef'

let upstream: DifyUpstream
let relay: LoopbackRelay
const logs: string[] = []
let client: ReturnType<typeof recordingClient>

beforeAll(async () => {
  upstream = await startDifyUpstream({
    apiKey: KEY,
    answer: () => 'A fixed answer.',
    suggestions: () => ['A fixed suggestion?'],
    app: { fileUpload: true },
  })
  relay = await startLoopbackRelay(
    upstream,
    {
      SESSION_SECRET: SECRET,
      ALLOWED_ORIGINS: 'https://shop.example.com',
      LOG_LEVEL: 'info',
      TRUST_PROXY: 'true',
      UPSTREAM_TIMEOUT: '300ms,300ms',
      RATE_LIMIT_SESSION: '4/min',
    },
    {
      log: (line) => logs.push(line),
      widgetFile: async (name: string) => (name === 'widget.js' ? '/* widget */' : null),
    },
  )
  client = recordingClient(relay.url, {
    'x-forwarded-for': CLIENT_IP,
    origin: 'https://shop.example.com',
  })
})
afterAll(async () => {
  await relay.close()
  await upstream.close()
})

describe('secrets stay out of responses and logs', () => {
  it('drives every kind of traffic', async () => {
    const { send, session, chat, typed, exchanges } = client
    const a = await session()
    await send('app', 'GET', '/api/app', { token: a })
    const first = await chat(a, 'my private question about kittens 4417')
    const ids = idsOf(first.body)
    await chat(a, 'second private question 8812', { conversationId: ids.conversationId })
    await send('history', 'GET', `/api/conversations/${ids.conversationId}/messages`, { token: a })
    const comment = 'feedback words nobody should log 5531'
    typed.push(comment)
    await send('feedback', 'POST', `/api/messages/${ids.messageId}/feedback`, {
      token: a,
      json: { rating: 'dislike', content: comment },
    })
    await send('suggested', 'GET', `/api/messages/${ids.messageId}/suggested`, { token: a })
    await send('stop', 'POST', `/api/chat/${ids.taskId}/stop`, { token: a })

    const b = await session()
    upstream.next({ error: { afterChunks: 1, message: `Incorrect API key ${KEY} provided` } })
    await chat(b, 'question meeting a stream error 2231')
    upstream.next({
      httpError: {
        status: 400,
        body: { code: 'invalid_param', message: `bad key ${KEY}`, status: 400 },
      },
    })
    await chat(b, 'question meeting a 400 from dify 7719')
    upstream.next({
      httpError: { status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' },
    })
    await chat(b, 'question meeting an html 502 3390')
    await chat(b, 'question at the session rate 1284')
    expect((await chat(b, 'question over the session rate 9931')).status).toBe(429)

    const c = await session()
    upstream.next({ hangBeforeResponse: true })
    const hung = await chat(c, 'question that times out before any byte 6617')
    expect(hung.status).toBe(504)
    upstream.next({ hangAfterFrames: 2 })
    const idle = await chat(c, 'question that times out mid stream 1942')
    expect(idle.body).toContain('upstream_timeout')
    upstream.next({
      httpError: {
        status: 500,
        body: { code: 'internal_server_error', message: KEY, status: 500 },
      },
    })
    expect((await chat(c, 'question meeting a 500 from dify 4410')).status).toBe(502)
    const long = `${'long private text 0042 '.repeat(300)}`
    expect((await chat(c, long)).status).toBe(413)

    const d = await session()
    const form = new FormData()
    form.set('file', new File(['%PDF-1.4 tiny'], 'notes.pdf', { type: 'application/pdf' }))
    const uploaded = await send('upload', 'POST', '/api/files', { token: d, form })
    expect(uploaded.status).toBe(201)
    const { id } = JSON.parse(uploaded.body) as { id: string }
    const files = [{ type: 'document', transferMethod: 'local_file', uploadFileId: id }]
    await chat(d, 'question with a file attached 5150', { files })
    const bad = new FormData()
    bad.set('file', new File(['x'], 'evil.exe'))
    expect((await send('upload', 'POST', '/api/files', { token: d, form: bad })).status).toBe(400)
    await send('garbage multipart', 'POST', '/api/files', {
      token: d,
      headers: { 'content-type': 'multipart/form-data; boundary=zz' },
      json: undefined,
    })

    const forged = await otherInstanceToken()
    for (const token of ['garbage', `${a}x`, forged]) {
      const res = await send('bad token', 'GET', '/api/app', { token })
      expect(res.status).toBe(401)
    }
    await send('no token', 'POST', '/api/chat', { json: { query: 'q' } })
    await send('bad origin', 'POST', '/api/session', {
      headers: { origin: 'https://evil.example' },
    })
    await send('404', 'GET', '/nope?token=x')
    await send('404 api', 'GET', '/api/nope', { token: a })
    await send('404 id', 'GET', '/api/conversations/not-an-id/messages', { token: a })
    await send('bad json', 'POST', '/api/chat', {
      token: d,
      headers: { 'content-type': 'application/json' },
    })
    await send('health', 'GET', '/healthz')
    await send('page', 'GET', '/')
    await send('widget', 'GET', '/widget.js')
    await upstream.settled()
    const statuses = new Set(exchanges.map((e) => e.status))
    expect([...statuses].sort()).toEqual([200, 201, 400, 401, 403, 404, 413, 429, 502, 503, 504])
  })

  it('never shows the key, the session secret or client IPs', () => {
    const { exchanges } = client
    for (const secret of [KEY, SECRET, CLIENT_IP]) {
      for (const e of exchanges) {
        expect(e.body, e.label).not.toContain(secret)
        expect(e.headers, e.label).not.toContain(secret)
      }
      for (const line of logs) expect(line).not.toContain(secret)
    }
  })

  it('shows a session token only to whoever asked for it, and never logs one', () => {
    const { exchanges, tokens } = client
    const minted = exchanges.filter((e) => e.label === 'session')
    expect(minted).toHaveLength(tokens.length)
    for (const token of tokens) {
      for (const e of exchanges) {
        if (e.label !== 'session') expect(e.body, e.label).not.toContain(token)
        expect(e.headers, e.label).not.toContain(token)
      }
      for (const line of logs) expect(line).not.toContain(token)
      // Nor the visitor id inside it, which keys the visitor's Dify conversations.
      const sub = JSON.parse(atob(token.split('.')[1] ?? '')).sub as string
      for (const line of logs) expect(line).not.toContain(sub)
    }
  })

  it('never logs what visitors typed, nor echoes it outside their own history', () => {
    const { exchanges, typed } = client
    for (const text of typed) {
      for (const line of logs) expect(line).not.toContain(text.trim())
      for (const e of exchanges) {
        expect(e.headers, e.label).not.toContain(text.trim())
        if (e.label !== 'history') expect(e.body, e.label).not.toContain(text.trim())
      }
    }
  })

  it('wrote one JSON line per request', () => {
    const { exchanges } = client
    const requests = logs
      .map((l) => JSON.parse(l) as { msg: string })
      .filter((l) => l.msg === 'request')
    // /healthz is logged at debug only.
    expect(requests).toHaveLength(exchanges.filter((e) => e.label !== 'health').length)
  })
})

async function otherInstanceToken(): Promise<string> {
  const { sign } = await import('hono/jwt')
  const now = Math.floor(Date.now() / 1000)
  return sign({ sub: 'v_intruder', iat: now, exp: now + 60 }, OTHER_SECRET, 'HS256')
}
