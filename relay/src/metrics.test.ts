import { describe, expect, it } from 'vitest'
import { recordingMetrics } from '../test/recording-metrics.ts'
import {
  CONV_ID,
  type FakeHandler,
  fakeDify,
  json,
  MSG_ID,
  postJson,
  readEvents,
  sseResponse,
  sseText,
  TASK_ID,
} from '../test/test-kit.ts'
import { TEST_KEY, testRelay } from '../test/test-relay.ts'

const SALES_KEY = 'app-sales-key-0123456789'
const IP = '203.0.113.77'
const QUERY = 'where is parcel 4711 for Jane Roe'
const ids = { conversation_id: CONV_ID, message_id: MSG_ID, task_id: TASK_ID, created_at: 1 }
const ANSWER = sseText([
  { event: 'message', ...ids, id: MSG_ID, answer: 'On its way.' },
  { event: 'message_end', ...ids, id: MSG_ID, metadata: {} },
])

function setup(env: Record<string, string> = {}, routes: Record<string, FakeHandler> = {}) {
  const fake = fakeDify({
    'POST /chat-messages': () => sseResponse(ANSWER),
    'GET /messages': () => json({ data: [], has_more: false, limit: 20 }),
    ...routes,
  })
  const { metrics, recorded } = recordingMetrics()
  const apps = { support: { difyApiKey: TEST_KEY }, sales: { difyApiKey: SALES_KEY } }
  const { app } = testRelay(
    { PARLEY_CONFIG: JSON.stringify({ apps }), ...env },
    { fetch: fake.fetch, metrics, clientIp: () => IP },
  )
  const session = async (appId = 'support') => {
    const res = await app.request('/api/session', postJson({ app: appId }))
    return ((await res.json()) as { token: string }).token
  }
  const call = (token: string, path: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { ...init.headers, Authorization: `Bearer ${token}` } })
  const chat = (token: string) => call(token, '/api/chat', postJson({ query: QUERY }))
  return { app, recorded, session, call, chat }
}

describe('relay metrics', () => {
  it('labels each request with its route pattern, status and app, never its path', async () => {
    const { app, recorded, session, call } = setup()
    await app.request('/healthz')
    await app.request(`/nope/${CONV_ID}`)
    await app.request('/api/app')
    const token = await session('sales')
    await call(token, `/api/conversations/${CONV_ID}/messages`)
    expect(recorded.requests).toEqual([
      { method: 'GET', route: '/healthz', status: 200, app: '' },
      { method: 'GET', route: 'unmatched', status: 404, app: '' },
      { method: 'GET', route: '/api/app', status: 401, app: '' },
      { method: 'POST', route: '/api/session', status: 201, app: 'sales' },
      { method: 'GET', route: '/api/conversations/:id/messages', status: 200, app: 'sales' },
    ])
    expect(recorded.upstream).toEqual([{ app: 'sales', endpoint: 'messages', outcome: 'ok' }])
  })

  it("measures an answer: open until it ends, its first event, Dify's time to headers", async () => {
    const { recorded, session, chat } = setup()
    const res = await chat(await session())
    expect((await readEvents(res)).map((e) => e.type)).toEqual(['start', 'delta', 'end'])
    expect(recorded.streams).toEqual(['+support', '-support'])
    expect(recorded.firstEvents).toEqual([{ app: 'support', ms: expect.any(Number) }])
    // The site read (whether steps show) runs beside the answer: its place in the list varies.
    const byEndpoint = (a: { endpoint: string }, b: { endpoint: string }) =>
      a.endpoint.localeCompare(b.endpoint)
    expect([...recorded.upstream].sort(byEndpoint)).toEqual([
      { app: 'support', endpoint: 'chat-messages', outcome: 'ok' },
      // The app's kind (chat, so the chat route serves it): this fake has no `/info`.
      { app: 'support', endpoint: 'info', outcome: 'error' },
      { app: 'support', endpoint: 'parameters', outcome: 'ok' },
      { app: 'support', endpoint: 'site', outcome: 'ok' },
    ])
    expect(recorded.requests.at(-1)).toEqual({
      method: 'POST',
      route: '/api/chat',
      status: 200,
      app: 'support',
    })
    expect(recorded.upstreamErrors).toEqual([])
  })

  it("counts Dify's failures by code, from an answer's error event and from a JSON answer", async () => {
    const failing = sseText([
      { event: 'error', ...ids, status: 400, code: 'provider_quota_exceeded', message: 'quota' },
    ])
    const { recorded, session, chat, call } = setup(
      {},
      {
        'POST /chat-messages': () => sseResponse(failing),
        'POST /messages/:id/feedbacks': () => json({ message: 'down' }, 503),
      },
    )
    const token = await session()
    await readEvents(await chat(token))
    const rated = await call(
      token,
      `/api/messages/${MSG_ID}/feedback`,
      postJson({ rating: 'like' }),
    )
    expect(rated.status).toBe(503)
    expect(recorded.upstreamErrors).toEqual([
      { app: 'support', code: 'upstream_error' },
      { app: 'support', code: 'upstream_unavailable' },
    ])
    expect(recorded.upstream.at(-1)).toEqual({
      app: 'support',
      endpoint: 'messages/:id/feedbacks',
      outcome: 'error',
    })
    expect(recorded.streams).toEqual(['+support', '-support'])
  })

  it('counts rate-limit refusals by the limit that refused', async () => {
    const perSession = setup({ RATE_LIMIT_SESSION: '1/min' })
    const token = await perSession.session()
    await readEvents(await perSession.chat(token))
    expect((await perSession.chat(token)).status).toBe(429)
    expect(perSession.recorded.refused).toEqual([{ app: 'support', limit: 'session' }])
    expect(perSession.recorded.requests.at(-1)).toMatchObject({ route: '/api/chat', status: 429 })

    const minting = setup({ RATE_LIMIT_IP: '1/min' })
    await minting.session('sales')
    await minting.session('sales')
    expect(minting.recorded.refused).toEqual([{ app: 'sales', limit: 'session-mint' }])
  })

  it.each([
    ['daily-session', { DAILY_LIMIT_SESSION: '1' }, 'one visitor'],
    ['daily-app', { DAILY_LIMIT_APP: '1' }, 'two visitors'],
    ['calls-session', { RATE_LIMIT_SESSION: '1/min' }, 'app info'],
  ])('names the %s limit', async (limit, env, how) => {
    const { recorded, session, chat, call } = setup(env)
    const token = await session()
    if (how === 'app info') for (let i = 0; i < 4; i++) await call(token, '/api/app')
    else {
      await readEvents(await chat(token))
      await chat(how === 'one visitor' ? token : await session())
    }
    expect(recorded.refused).toEqual([{ app: 'support', limit }])
  })

  it('never puts a token, visitor id, IP, key, query or Dify id in a label', async () => {
    const { recorded, session, chat, call } = setup({ RATE_LIMIT_SESSION: '1/min' })
    const token = await session()
    await readEvents(await chat(token))
    await call(token, `/api/conversations/${CONV_ID}/messages?first_id=${MSG_ID}`)
    await call(token, `/api/chat/${TASK_ID}/stop`, { method: 'POST' })
    await call(token, `/api/messages/${MSG_ID}/feedback`, postJson({ rating: 'like' }))
    expect((await chat(token)).status).toBe(429)
    expect(recorded.refused).toHaveLength(1)
    const labels = JSON.stringify(recorded)
    const visitor = JSON.parse(atob(token.split('.')[1] ?? '')).sub as string
    expect(visitor).toMatch(/^v_/)
    for (const secret of [token, visitor, IP, TEST_KEY, SALES_KEY, QUERY, CONV_ID, MSG_ID, TASK_ID])
      expect(labels).not.toContain(secret)
    expect(labels).not.toMatch(/v_[0-9a-f]{8}/)
  })
})
