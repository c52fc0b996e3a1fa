import { describe, expect, it } from 'vitest'
import type { FakeHandler } from '../../test/test-kit.ts'
import {
  BASE_PARAMETERS,
  CONV_ID,
  fakeDify,
  json,
  MSG_ID,
  postJson,
  readEvents,
  sseResponse,
  sseText,
  streamBody,
  TASK_ID,
  testApp,
  VISITOR,
} from '../../test/test-kit.ts'
import type { DifyParameters } from '../dify/types.ts'
import { visitorIds } from '../visitor-ids.ts'
import { chatRoutes } from './chat.ts'

/** The stop token a visitor of the test app gets for `taskId` (test-kit's secret and app). */
const taskToken = (taskId = TASK_ID, visitor = VISITOR) =>
  visitorIds('test-secret', { app: 'default', visitor }).task(taskId)

const env = { conversation_id: CONV_ID, message_id: MSG_ID, created_at: 1, task_id: TASK_ID }
const answer = sseText([
  { event: 'message', ...env, id: MSG_ID, answer: 'Hello' },
  'ping',
  {
    event: 'message_end',
    ...env,
    id: MSG_ID,
    metadata: { retriever_resources: [], usage: { total_price: '1' } },
  },
])

const PARAMS_WITH_INPUTS: DifyParameters = {
  ...BASE_PARAMETERS,
  user_input_form: [
    { 'text-input': { variable: 'name', label: 'Name', required: true, max_length: 10 } },
    { select: { variable: 'plan', label: 'Plan', required: false, options: ['free', 'pro'] } },
    { number: { variable: 'age', label: 'Age', required: false } },
    { external_data_tool: { variable: 'crm', label: 'CRM' } },
  ],
}

function setup(routes: Record<string, FakeHandler> = {}, config = {}) {
  const fake = fakeDify({ 'POST /chat-messages': () => sseResponse(answer), ...routes })
  const app = testApp(chatRoutes, { fetch: fake.fetch, config })
  const chatCalls = () => fake.calls.filter((c) => c.path === '/chat-messages')
  return { fake, app, chatCalls }
}

describe('POST /api/chat', () => {
  it('streams widget events with SSE headers', async () => {
    const { app } = setup()
    const res = await app.request('/api/chat', postJson({ query: 'Hi' }))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform')
    expect(res.headers.get('x-accel-buffering')).toBe('no')
    expect(await readEvents(res)).toEqual([
      { type: 'start', conversationId: CONV_ID, messageId: MSG_ID, taskId: await taskToken() },
      { type: 'delta', text: 'Hello' },
      { type: 'end', messageId: MSG_ID, sources: [] },
    ])
  })

  it('hands out the task id only signed for this visitor and app', async () => {
    const { app } = setup()
    const [start] = await readEvents(await app.request('/api/chat', postJson({ query: 'Hi' })))
    const token = start?.type === 'start' ? start.taskId : ''
    expect(token).toMatch(new RegExp(`^${TASK_ID}\\.[A-Za-z0-9_-]{43}$`))
    expect(token).not.toBe(await taskToken(TASK_ID, 'visitor-2'))
    const otherApp = await visitorIds('test-secret', { app: 'other', visitor: VISITOR }).task(
      TASK_ID,
    )
    expect(token).not.toBe(otherApp)
  })

  it('asks Dify as the session visitor, never as a user named in the body', async () => {
    const { app, chatCalls } = setup()
    const res = await app.request(
      '/api/chat',
      postJson({ query: 'Hi', user: 'someone-else', conversationId: CONV_ID }),
    )
    await res.text()
    expect(chatCalls()[0]?.json).toEqual({
      query: 'Hi',
      inputs: {},
      user: VISITOR,
      conversation_id: CONV_ID,
      response_mode: 'streaming',
    })
  })

  it('refuses an input the app does not declare, naming it, before calling Dify', async () => {
    const { app, chatCalls } = setup({ 'GET /parameters': () => json(PARAMS_WITH_INPUTS) })
    const res = await app.request(
      '/api/chat',
      postJson({ query: 'Hi', inputs: { name: 'Ann', nmae: 'typo' } }),
    )
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: {
        code: 'bad_request',
        message: 'Unknown input "nmae": this app does not declare it.',
      },
    })
    expect(chatCalls()).toHaveLength(0)
  })

  it('refuses inputs filled by Dify itself (external data tools)', async () => {
    const { app } = setup({ 'GET /parameters': () => json(PARAMS_WITH_INPUTS) })
    const res = await app.request(
      '/api/chat',
      postJson({ query: 'Hi', inputs: { name: 'Ann', crm: 'x' } }),
    )
    expect(res.status).toBe(400)
  })

  it('checks required inputs, options and max length', async () => {
    const { app } = setup({ 'GET /parameters': () => json(PARAMS_WITH_INPUTS) })
    const cases: [unknown, RegExp][] = [
      [{}, /"name" \(Name\) is required/],
      [{ name: 'A very long name' }, /longer than 10/],
      [{ name: 'Ann', plan: 'gold' }, /one of: free, pro/],
      [{ name: 'Ann', age: 'old' }, /must be a number/],
      [{ name: 42 }, /must be a string/],
      ['not an object', /inputs must be an object/],
    ]
    for (const [inputs, message] of cases) {
      const res = await app.request('/api/chat', postJson({ query: 'Hi', inputs }))
      expect(res.status, JSON.stringify(inputs)).toBe(400)
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message)
    }
  })

  it('sends the declared inputs every turn, typed', async () => {
    const { app, chatCalls } = setup({ 'GET /parameters': () => json(PARAMS_WITH_INPUTS) })
    for (const conversationId of [undefined, CONV_ID]) {
      const res = await app.request(
        '/api/chat',
        postJson({ query: 'Hi', conversationId, inputs: { name: 'Ann', age: '42' } }),
      )
      await res.text()
    }
    expect(chatCalls().map((c) => (c.json as { inputs: unknown }).inputs)).toEqual([
      { name: 'Ann', age: 42 },
      { name: 'Ann', age: 42 },
    ])
  })

  it('answers 413 for a body over 32 KB', async () => {
    const { app, chatCalls } = setup()
    const res = await app.request('/api/chat', postJson({ query: 'x'.repeat(40 * 1024) }))
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large')
    expect(chatCalls()).toHaveLength(0)
  })

  it('answers 413 with the limit for a query over MAX_QUERY_CHARS', async () => {
    const { app } = setup({}, { maxQueryChars: 10 })
    const res = await app.request('/api/chat', postJson({ query: '😀'.repeat(11) }))
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({
      error: {
        code: 'payload_too_large',
        message: 'The message is too long: 11 characters, the limit is 10.',
      },
    })
  })

  it('refuses an empty query, a non-object and bad JSON', async () => {
    const { app } = setup()
    for (const init of [
      postJson({ query: '   ' }),
      postJson({ query: 5 }),
      postJson(['Hi']),
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{nope' },
    ]) {
      const res = await app.request('/api/chat', init)
      expect(res.status).toBe(400)
    }
  })

  it('refuses a conversationId that is not a UUID without calling Dify', async () => {
    const { app, fake } = setup()
    const res = await app.request('/api/chat', postJson({ query: 'Hi', conversationId: '../etc' }))
    expect(res.status).toBe(400)
    expect(fake.calls).toHaveLength(0)
  })

  it('answers 404 when Dify does not know the conversation', async () => {
    const { app } = setup({
      'POST /chat-messages': () =>
        json({ code: 'not_found', message: 'Conversation Not Exists.', status: 404 }, 404),
    })
    const res = await app.request('/api/chat', postJson({ query: 'Hi', conversationId: CONV_ID }))
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'Conversation Not Exists.' },
    })
  })

  it('answers 502 (not 401) when Dify rejects the relay key', async () => {
    const { app } = setup({
      'POST /chat-messages': () =>
        json({ code: 'unauthorized', message: 'Access token is invalid', status: 401 }, 401),
    })
    const res = await app.request('/api/chat', postJson({ query: 'Hi' }))
    expect(res.status).toBe(502)
    expect(JSON.stringify(await res.json())).not.toContain('app-')
  })

  it('answers 429 when Dify is at its concurrency limit', async () => {
    const { app } = setup({
      'POST /chat-messages': () =>
        json(
          {
            code: 'invalid_param',
            message: 'Too many requests. Please try again later.',
            status: 400,
          },
          400,
        ),
    })
    expect((await app.request('/api/chat', postJson({ query: 'Hi' }))).status).toBe(429)
  })

  describe('files', () => {
    const upload = {
      type: 'image',
      transferMethod: 'local_file',
      uploadFileId: '11111111-2222-4333-8444-555555555555',
    }
    const withImages: DifyParameters = {
      ...BASE_PARAMETERS,
      file_upload: { image: { enabled: true, number_limits: 2, transfer_methods: ['local_file'] } },
    }

    it('refuses files when the app does not take them', async () => {
      const { app } = setup()
      const res = await app.request('/api/chat', postJson({ query: 'Hi', files: [upload] }))
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
        /does not accept files/,
      )
    })

    it('forwards allowed files in Dify’s shape', async () => {
      const { app, chatCalls } = setup({ 'GET /parameters': () => json(withImages) })
      const res = await app.request('/api/chat', postJson({ query: 'Hi', files: [upload] }))
      await res.text()
      expect((chatCalls()[0]?.json as { files: unknown } | undefined)?.files).toEqual([
        { type: 'image', transfer_method: 'local_file', upload_file_id: upload.uploadFileId },
      ])
    })

    it('refuses too many files, wrong types, disallowed methods and bad shapes', async () => {
      const { app } = setup({ 'GET /parameters': () => json(withImages) })
      for (const files of [
        [upload, upload, upload],
        [{ ...upload, type: 'video' }],
        [{ type: 'image', transferMethod: 'remote_url', url: 'https://x.test/a.png' }],
        [{ type: 'image', transferMethod: 'local_file', uploadFileId: 'nope' }],
        'x',
      ]) {
        const res = await app.request('/api/chat', postJson({ query: 'Hi', files }))
        expect(res.status, JSON.stringify(files)).toBe(400)
      }
    })
  })

  it('ends with upstream_timeout when Dify sends only pings', async () => {
    const pings = streamBody(['event: ping\n\n', 'event: ping\n\n'], { hang: true })
    const { app } = setup(
      { 'POST /chat-messages': () => sseResponse(pings.body) },
      { upstreamFirstByteTimeoutMs: 80, upstreamIdleTimeoutMs: 80 },
    )
    const res = await app.request('/api/chat', postJson({ query: 'Hi' }))
    const events = await readEvents(res)
    expect(events).toEqual([
      { type: 'error', code: 'upstream_timeout', message: expect.any(String), retryable: true },
    ])
  })

  const drainFrames = () =>
    streamBody([
      sseText([{ event: 'message', ...env, answer: 'one' }]),
      sseText([{ event: 'message', ...env, answer: 'two' }]),
      sseText([{ event: 'message', ...env, answer: 'three' }]),
      sseText([{ event: 'message_end', ...env, id: MSG_ID }]),
    ])
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 5))
  }

  it('keeps draining Dify after the visitor stops reading, without aborting the upstream', async () => {
    const upstream = drainFrames()
    const { app, chatCalls } = setup({ 'POST /chat-messages': () => sseResponse(upstream.body) })
    const res = await app.request('/api/chat', postJson({ query: 'Hi' }))
    const reader = res.body?.getReader()
    await reader?.read() // the visitor sees the first bytes…
    await reader?.cancel() // …then the tab closes
    await until(() => upstream.state.pulledAll)
    expect(upstream.state.pulledAll).toBe(true)
    expect(upstream.state.cancelled).toBe(false)
    expect(chatCalls()[0]?.signal.aborted).toBe(false)
  })

  it('keeps draining Dify when the visitor request is aborted', async () => {
    const upstream = drainFrames()
    const { app, chatCalls } = setup({ 'POST /chat-messages': () => sseResponse(upstream.body) })
    const visitor = new AbortController()
    const res = await app.request('/api/chat', {
      ...postJson({ query: 'Hi' }),
      signal: visitor.signal,
    })
    await res.body?.getReader().read()
    visitor.abort()
    await until(() => upstream.state.pulledAll)
    expect(upstream.state.pulledAll).toBe(true)
    expect(upstream.state.cancelled).toBe(false)
    expect(chatCalls()[0]?.signal.aborted).toBe(false)
  })
})

describe('POST /api/chat/:taskId/stop', () => {
  const stopRoute = { 'POST /chat-messages/:id/stop': () => json({ result: 'success' }) }
  const stop = (app: ReturnType<typeof setup>['app'], token: string) =>
    app.request(`/api/chat/${encodeURIComponent(token)}/stop`, { method: 'POST' })

  it('stops the task of the visitor’s token, as the same visitor', async () => {
    const { app, fake } = setup(stopRoute)
    const res = await stop(app, await taskToken())
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
    expect(fake.calls[0]?.path).toBe(`/chat-messages/${TASK_ID}/stop`)
    expect(fake.calls[0]?.json).toEqual({ user: VISITOR })
  })

  it('answers 404 for another visitor’s token, and Dify never hears of it', async () => {
    const { app, fake } = setup(stopRoute)
    const res = await stop(app, await taskToken(TASK_ID, 'visitor-2'))
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'No answer of yours to stop.' },
    })
    expect(fake.calls).toHaveLength(0)
  })

  it('answers 404 for a raw task id, a tampered token or anything else, without calling Dify', async () => {
    const { app, fake } = setup(stopRoute)
    const good = await taskToken()
    const other = '11111111-2222-4333-8444-555555555555'
    for (const token of [
      TASK_ID,
      `${other}${good.slice(TASK_ID.length)}`,
      `${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}`,
      `${good}x`,
      'a b',
      `${'x'.repeat(200)}.${'A'.repeat(43)}`,
    ]) {
      expect((await stop(app, token)).status, token).toBe(404)
    }
    expect(fake.calls).toHaveLength(0)
  })
})
