/**
 * The relay against an upstream that attacks it: the Node entry as production runs it (its own
 * process, node:http sockets to the upstream), sampled from outside while it is under attack.
 */
import { request as httpRequest, type ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  gzipBomb,
  HOSTILE_KEY,
  type HostileUpstream,
  pour,
  sendJson,
  startHostileUpstream,
} from './hostile-upstream.ts'
import { client, followStream, readStream, startLoopbackRelay, textOf } from './loopback-relay.ts'
import { type RelayProcess, rssMb, startRelayProcess } from './node-process.ts'
import { sseText } from './test-kit.ts'

const CONVERSATION = '5b0c2f4a-0000-4000-8000-00000000c0a1'
const MESSAGE = '5b0c2f4a-0000-4000-8000-00000000e55a'
const ids = { conversation_id: CONVERSATION, message_id: MESSAGE, task_id: 't-1', created_at: 1 }
const KEY_BODY = HOSTILE_KEY.slice(4)
/** Every 12-character piece of the key: none may reach a visitor. */
const PIECES = Array.from({ length: HOSTILE_KEY.length - 11 }, (_, i) =>
  HOSTILE_KEY.slice(i, i + 12),
)

/** Bytes the last huge answer got out before the relay hung up. */
const poured = { line: 0, parameters: 0, bomb: 0 }

function frames(res: ServerResponse, headers: Record<string, string> = {}) {
  res.writeHead(200, { 'content-type': 'text/event-stream', ...headers })
}

async function slowAnswer(res: ServerResponse) {
  frames(res)
  for (let i = 0; i < 20 && !res.destroyed; i++) {
    res.write(sseText([{ event: 'message', ...ids, answer: `w${i} ` }]))
    await new Promise((resolve) => setTimeout(resolve, 40))
  }
  res.end(sseText([{ event: 'message_end', ...ids, id: MESSAGE }]))
}

const SLOW_TEXT = Array.from({ length: 20 }, (_, i) => `w${i} `).join('')
const BOMB = gzipBomb('data: {"event":"message","answer":"', 'a', 4.5 * 1024 ** 3)

const chatRoutes = {
  async 'POST /v1/chat-messages'(_req: unknown, res: ServerResponse, body: string) {
    const { query } = JSON.parse(body) as { query: string }
    if (query === 'bomb') {
      frames(res, { 'content-encoding': 'gzip' })
      let sent = 0
      for (const member of BOMB) {
        if (res.destroyed) break
        sent += member.length
        if (!res.write(member)) await new Promise((resolve) => res.once('drain', resolve))
      }
      poured.bomb = Math.max(poured.bomb, sent)
      return res.end()
    }
    if (query === 'line') {
      frames(res)
      res.write(`data: {"event":"message","answer":"`)
      poured.line = await pour(res, Buffer.alloc(64 * 1024, 'x'), 400 * 1024 * 1024)
      return
    }
    if (query === 'echo') {
      frames(res)
      const parts = [
        'Here: ',
        KEY_BODY.slice(0, 6),
        KEY_BODY.slice(6, 13),
        `${KEY_BODY.slice(13)}!`,
      ]
      for (const answer of parts) res.write(sseText([{ event: 'message', ...ids, answer }]))
      return res.end(
        sseText([
          { event: 'agent_thought', ...ids, tool: `x${HOSTILE_KEY}` },
          { event: 'message_end', ...ids, id: MESSAGE },
        ]),
      )
    }
    return slowAnswer(res)
  },
  'GET /v1/site'(_req: unknown, res: ServerResponse) {
    // Steps on, so the tool name echoing the key below reaches a status label, and the key in the look.
    sendJson(res, {
      title: `Hostile ${KEY_BODY}`,
      chat_color_theme: `#fff;--x:url(${HOSTILE_KEY})`,
      custom_disclaimer: `Your key is ${HOSTILE_KEY}\u0000`,
      copyright: `© ${KEY_BODY}`,
      privacy_policy: `https://acme.example/privacy?key=${HOSTILE_KEY}`,
      show_workflow_steps: true,
    })
  },
  'GET /v1/messages'(_req: unknown, res: ServerResponse) {
    // 300,000 items for a page of 5.
    const items = Array.from({ length: 300_000 }, (_, i) => ({ id: `m${i}` }))
    items[0] = { id: 'm0', answer: `echo ${HOSTILE_KEY}`, query: KEY_BODY } as { id: string }
    sendJson(res, { limit: 5, has_more: false, data: items })
  },
  'GET /v1/messages/:id/suggested'(_req: unknown, res: ServerResponse) {
    sendJson(res, { result: 'success', data: [`Is ${KEY_BODY} your key?`, 'Anything else?'] })
  },
  'POST /v1/messages/:id/feedbacks'(_req: unknown, res: ServerResponse) {
    sendJson(res, { code: 'invalid_param', message: `bad key x${HOSTILE_KEY}`, status: 400 }, 400)
  },
}

/** Samples GET /healthz back to back until `during` settles; returns each answer's time in ms. */
async function healthzWhile(url: string, during: Promise<unknown>): Promise<number[]> {
  const times: number[] = []
  let done = false
  void during.finally(() => {
    done = true
  })
  while (!done) {
    const started = performance.now()
    const res = await fetch(`${url}/healthz`)
    await res.arrayBuffer()
    times.push(performance.now() - started)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return times
}

async function startRelay(upstream: HostileUpstream): Promise<RelayProcess & { url: string }> {
  const relay = startRelayProcess({
    DIFY_API_URL: upstream.url,
    DIFY_API_KEY: HOSTILE_KEY,
    SESSION_SECRET: 'hostile-upstream-test-secret-0123456789',
    ALLOWED_ORIGINS: '*',
    RATE_LIMIT_SESSION: '1000/min',
    RATE_LIMIT_IP: '1000/min',
    // Info: the entry says where it listens at that level.
    LOG_LEVEL: 'info',
  })
  processes.push(relay)
  return Object.assign(relay, { url: await relay.listening })
}

const processes: RelayProcess[] = []
const upstreams: HostileUpstream[] = []
let chat: HostileUpstream
let relay: RelayProcess & { url: string }
beforeAll(async () => {
  chat = await startHostileUpstream(chatRoutes)
  upstreams.push(chat)
  relay = await startRelay(chat)
}, 30_000)
afterAll(async () => {
  for (const p of processes) p.child.kill('SIGKILL')
  await Promise.all(upstreams.map((u) => u.close()))
})

const visitor = () => client(relay.url)

describe('a hostile upstream cannot take the relay down', () => {
  it('survives gzip bombs (4.6 MB → 4.5 GB line) with /healthz fast and other answers going on', async () => {
    const { session, chat: ask } = visitor()
    const token = await session()
    // One bomb alone first: Node loads zlib and compiles the decoding path on first use, a one-time
    // cost of a fresh process, not of the attack.
    const first = await readStream(await ask(token, { query: 'bomb' }))
    expect(first.events.at(-1)).toMatchObject({ type: 'error', code: 'upstream_error' })
    const baseline = rssMb(relay)
    const slow = followStream(await ask(token, { query: 'slow' }))
    await slow.waitFor((events) => events.some((e) => e.type === 'delta'))
    const bombs = Promise.all(
      Array.from({ length: 10 }, async () => readStream(await ask(token, { query: 'bomb' }))),
    )
    const times = await healthzWhile(relay.url, bombs)
    for (const { events } of await bombs) {
      expect(events.at(-1)).toMatchObject({ type: 'error', code: 'upstream_error' })
    }
    const events = await slow.done
    expect(textOf(events)).toBe(SLOW_TEXT)
    expect(events.at(-1)?.type).toBe('end')
    expect(Math.max(...times), times.map(Math.round).join(' ')).toBeLessThan(100)
    expect(relay.child.exitCode).toBeNull()
    expect(rssMb(relay) - baseline).toBeLessThan(150)
    // The relay stopped reading each bomb a small way in.
    expect(poured.bomb).toBeLessThan(BOMB.reduce((n, b) => n + b.length, 0) / 4)
    expect(relay.output().stderr).toMatch(/event message\) passed 1048576 characters/)
  }, 60_000)

  it('ends a 400 MB line early, as an error to its visitor', async () => {
    const { session, chat: ask } = visitor()
    const token = await session()
    const answer = (async () => readStream(await ask(token, { query: 'line' })))()
    const times = await healthzWhile(relay.url, answer)
    const { events } = await answer
    expect(events.filter((e) => e.type === 'delta')).toEqual([])
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'upstream_error' })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(poured.line).toBeLessThan(16 * 1024 * 1024)
    expect(Math.max(...times)).toBeLessThan(100)
  }, 30_000)

  it('slices a 300,000-item history to the page asked for', async () => {
    const { session, api } = visitor()
    const token = await session()
    const res = await api(token, 'GET', `/api/conversations/${CONVERSATION}/messages?limit=5`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { messages: { id: string }[]; hasMore: boolean }
    expect(body.messages.map((m) => m.id)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4'])
    expect(body.hasMore).toBe(true)
  })

  it('never passes on the key, whatever shape the upstream echoes it in', async () => {
    const { session, chat: ask, api } = visitor()
    const token = await session()
    const seen: string[] = []
    const app = await (await api(token, 'GET', '/api/app')).text()
    expect(JSON.parse(app)).toMatchObject({
      title: 'Hostile [redacted]',
      look: { color: null, disclaimer: 'Your key is [redacted]', privacyPolicy: null },
      features: { steps: true },
    })
    seen.push(app)
    const stream = await readStream(await ask(token, { query: 'echo' }))
    expect(textOf(stream.events)).toBe('Here: [redacted]!')
    expect(stream.events).toContainEqual({ type: 'status', label: 'Using x[redacted]' })
    seen.push(stream.raw)
    for (const [method, path, body] of [
      ['GET', `/api/conversations/${CONVERSATION}/messages?limit=5`],
      ['GET', `/api/messages/${MESSAGE}/suggested`],
      ['POST', `/api/messages/${MESSAGE}/feedback`, { rating: 'like' }],
    ] as const) {
      seen.push(await (await api(token, method, path, body)).text())
    }
    const all = seen.join('\n')
    expect(all).toContain('[redacted]')
    for (const piece of PIECES) expect(all).not.toContain(piece)
    for (const piece of PIECES)
      expect(relay.output().stderr + relay.output().stdout).not.toContain(piece)
  })
})

describe('huge JSON and redirects at DIFY_API_URL', () => {
  it('refuses a 200 MB /parameters quickly, reading only the start of it', async () => {
    const upstream = await startHostileUpstream({
      async 'GET /v1/parameters'(_req, res) {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.write('{"opening_statement":"')
        poured.parameters = await pour(res, Buffer.alloc(64 * 1024, 'p'), 200 * 1024 * 1024)
      },
    })
    upstreams.push(upstream)
    const hostile = await startRelay(upstream)
    const { session, api } = client(hostile.url)
    const token = await session()
    const started = Date.now()
    const res = await api(token, 'GET', '/api/app')
    expect(res.status).toBe(502)
    expect(await res.json()).toMatchObject({ error: { code: 'upstream_error' } })
    expect(Date.now() - started).toBeLessThan(3000)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(poured.parameters).toBeLessThan(16 * 1024 * 1024)
    expect(hostile.output().stderr).toMatch(/\/parameters answered with more than 1048576 bytes/)
  }, 30_000)

  it('names DIFY_API_URL in the log when it redirects, and never follows', async () => {
    const moved = (_req: unknown, res: ServerResponse) => {
      res.writeHead(307, { location: 'http://127.0.0.1:9/v1/elsewhere' })
      res.end()
    }
    const upstream = await startHostileUpstream({
      'GET /v1/parameters': moved,
      'POST /v1/chat-messages': moved,
    })
    upstreams.push(upstream)
    const hostile = await startRelay(upstream)
    const { session, api, chat: ask } = client(hostile.url)
    const token = await session()
    const app = await api(token, 'GET', '/api/app')
    expect(app.status).toBe(502)
    const body = JSON.stringify(await app.json())
    expect(body).not.toMatch(/DIFY_API_URL|elsewhere|127\.0\.0\.1/)
    expect(upstream.received.filter((r) => r.includes('elsewhere'))).toEqual([])
    expect(hostile.output().stderr).toMatch(
      /DIFY_API_URL answers \/v1\/parameters with a redirect \(307 to http:\/\/127\.0\.0\.1:9\/v1\/elsewhere\)/,
    )
    const sent = await ask(token, { query: 'hi' })
    expect(sent.status).toBeGreaterThanOrEqual(500)
  }, 30_000)
})

describe('outsiders on real sockets', () => {
  it('refuses a spoofed Host that matches a foreign Origin', async () => {
    const loopback = await startLoopbackRelay(null, {
      ALLOWED_ORIGINS: 'https://shop.example.com',
      PUBLIC_URL: 'https://relay.example.com',
    })
    try {
      const { port } = new URL(loopback.url)
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/session',
            headers: { host: 'evil.example', origin: 'http://evil.example' },
          },
          (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          },
        )
        req.on('error', reject)
        req.end()
      })
      expect(status).toBe(403)
    } finally {
      await loopback.close()
    }
  })

  it('lets 300 suggested-question calls of one visitor reach Dify only up to the limit', async () => {
    // A still clock: no token comes back while the 300 calls run, however slowly.
    const t0 = Date.now()
    const loopback = await startLoopbackRelay(
      chat,
      { RATE_LIMIT_SESSION: '20/min', RATE_LIMIT_IP: '60/min' },
      { now: () => t0 },
    )
    try {
      const token = await loopback.session()
      const before = chat.received.filter((r) => r.endsWith('/suggested')).length
      const statuses = await Promise.all(
        Array.from({ length: 300 }, async (_, i) => {
          const id = `5b0c2f4a-0000-4000-8000-${String(i).padStart(12, '0')}`
          const res = await loopback.api(token, 'GET', `/api/messages/${id}/suggested`)
          await res.arrayBuffer()
          return res.status
        }),
      )
      const reached = chat.received.filter((r) => r.endsWith('/suggested')).length - before
      // 20 messages a minute make 60 other calls (CALLS_PER_MESSAGE).
      expect(reached).toBe(60)
      expect(statuses.filter((s) => s === 429).length).toBe(300 - reached)
    } finally {
      await loopback.close()
    }
  })
})
