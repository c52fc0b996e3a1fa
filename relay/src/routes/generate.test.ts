import { describe, expect, it } from 'vitest'
import type { FakeHandler } from '../../test/test-kit.ts'
import {
  BASE_PARAMETERS,
  fakeDify,
  json,
  MSG_ID,
  postJson,
  sseResponse,
  sseText,
  streamBody,
  TASK_ID,
  testApp,
  VISITOR,
} from '../../test/test-kit.ts'
import type { DifyParameters } from '../dify/types.ts'
import type { AppConfig } from '../types.ts'
import { visitorIds } from '../visitor-ids.ts'
import { chatRoutes } from './chat.ts'
import { generateRoutes } from './generate.ts'

const RUN_ID = 'fb47cccc-0000-4000-8000-000000000004'
const taskToken = (visitor = VISITOR) =>
  visitorIds('test-secret', { app: 'default', visitor }).task(TASK_ID)

const PARAMS: DifyParameters = {
  ...BASE_PARAMETERS,
  user_input_form: [{ 'text-input': { variable: 'topic', label: 'Topic', required: true } }],
}

/** Each event as sent: its type and its whole data (the shared decoder keeps only what it knows). */
async function sent(res: Response): Promise<Record<string, unknown>[]> {
  const events: Record<string, unknown>[] = []
  for (const frame of (await res.text()).split('\n\n')) {
    const type = /^event: (.+)$/m.exec(frame)?.[1]
    const data = /^data: (.+)$/m.exec(frame)?.[1]
    if (type && data) events.push({ type, ...JSON.parse(data) })
  }
  return events
}

const completionEnv = { message_id: MSG_ID, created_at: 1, task_id: TASK_ID }
const completion = sseText([
  'ping',
  { event: 'message', ...completionEnv, id: MSG_ID, answer: 'Cats ', from_variable_selector: null },
  { event: 'message', ...completionEnv, id: MSG_ID, answer: 'purr.', from_variable_selector: null },
  {
    event: 'message_end',
    ...completionEnv,
    id: MSG_ID,
    metadata: { annotation_reply: null, retriever_resources: [], usage: { total_price: '1' } },
    files: null,
  },
])

const wf = { workflow_run_id: RUN_ID, task_id: TASK_ID }
const SECRET_INPUT = 'system prompt: never reveal'
const node = (event: string, title: string, type: string, extra = {}) => ({
  event,
  ...wf,
  data: {
    id: 'n1',
    node_id: '1',
    node_type: type,
    title,
    inputs: { prompt: SECRET_INPUT },
    ...extra,
  },
})
function workflowRun(finished: Record<string, unknown>) {
  return sseText([
    'ping',
    {
      event: 'workflow_started',
      ...wf,
      data: { id: RUN_ID, inputs: { topic: 'cats', 'sys.user_id': VISITOR } },
    },
    node('node_started', 'Start', 'start'),
    node('node_started', 'Write', 'llm'),
    { event: 'text_chunk', ...wf, data: { text: 'Hel', from_variable_selector: ['1', 'text'] } },
    { event: 'text_chunk', ...wf, data: { text: 'lo', from_variable_selector: ['1', 'text'] } },
    node('node_finished', 'Write', 'llm', {
      outputs: { text: 'Hello' },
      process_data: { prompts: [SECRET_INPUT] },
      error: null,
    }),
    { event: 'workflow_finished', ...wf, data: { id: RUN_ID, ...finished } },
  ])
}
const succeeded = {
  status: 'succeeded',
  outputs: { result: 'Hello', score: 0.9, meta: { a: [1] }, internal: 'SECRET-OUTPUT' },
  error: null,
}

function setup(
  mode: string | null,
  routes: Record<string, FakeHandler> = {},
  app: Partial<AppConfig> = {},
) {
  const fake = fakeDify({
    'GET /parameters': () => json(PARAMS),
    ...(mode && { 'GET /info': () => json({ name: 'App', mode }) }),
    'POST /completion-messages': () => sseResponse(completion),
    'POST /workflows/run': () => sseResponse(workflowRun(succeeded)),
    ...routes,
  })
  const relay = testApp(generateRoutes, { fetch: fake.fetch, app })
  const runs = () =>
    fake.calls.filter((c) => ['/completion-messages', '/workflows/run'].includes(c.path))
  return { fake, app: relay, runs }
}

describe('POST /api/completion', () => {
  it('streams the result with no conversation and a signed task token', async () => {
    const { app, runs } = setup('completion')
    const res = await app.request('/api/completion', postJson({ inputs: { topic: 'cats' } }))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(await sent(res)).toEqual([
      { type: 'start', conversationId: '', messageId: MSG_ID, taskId: await taskToken() },
      { type: 'delta', text: 'Cats ' },
      { type: 'delta', text: 'purr.' },
      { type: 'end', messageId: MSG_ID, sources: [] },
    ])
    expect(runs()[0]?.json).toEqual({
      inputs: { topic: 'cats' },
      user: VISITOR,
      response_mode: 'streaming',
    })
  })

  it('refuses a missing required input, an unknown field and a chat body before calling Dify', async () => {
    const { app, runs } = setup('completion')
    for (const body of [
      { inputs: {} },
      { inputs: { topic: 'x', other: 1 } },
      { query: 'Hi' },
      [],
    ]) {
      const res = await app.request('/api/completion', postJson(body))
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_request')
    }
    expect(runs()).toHaveLength(0)
  })

  it('refuses a chat or workflow app with a clear 400, before Dify is asked to run', async () => {
    for (const mode of ['chat', 'advanced-chat', 'workflow']) {
      const { app, runs } = setup(mode)
      const res = await app.request('/api/completion', postJson({ inputs: { topic: 'x' } }))
      expect(res.status, mode).toBe(400)
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(body.error.code).toBe('bad_request')
      expect(body.error.message).toMatch(/^This app is a (chat app|workflow)/)
      expect(runs()).toHaveLength(0)
    }
  })

  it('keeps draining Dify after the visitor goes away', async () => {
    const upstream = streamBody(
      [completion.slice(0, 40), completion.slice(40, 200), completion.slice(200)],
      {},
    )
    const { app, runs } = setup('completion', {
      'POST /completion-messages': () => sseResponse(upstream.body),
    })
    const res = await app.request('/api/completion', postJson({ inputs: { topic: 'x' } }))
    const reader = res.body?.getReader()
    await reader?.read()
    await reader?.cancel()
    for (let i = 0; i < 100 && !upstream.state.pulledAll; i++) {
      await new Promise((r) => setTimeout(r, 5))
    }
    expect(upstream.state.pulledAll).toBe(true)
    expect(upstream.state.cancelled).toBe(false)
    expect(runs()[0]?.signal.aborted).toBe(false)
  })
})

describe('POST /api/workflow', () => {
  it('streams text chunks, steps, and only the listed outputs, as text', async () => {
    const { app, runs } = setup(
      'workflow',
      {},
      { showProcess: true, workflowOutputs: ['result', 'score', 'meta', 'missing'] },
    )
    const res = await app.request('/api/workflow', postJson({ inputs: { topic: 'cats' } }))
    expect(await sent(res)).toEqual([
      { type: 'start', conversationId: '', messageId: RUN_ID, taskId: await taskToken() },
      { type: 'status', label: 'Write' },
      { type: 'delta', text: 'Hel' },
      { type: 'delta', text: 'lo' },
      {
        type: 'end',
        messageId: RUN_ID,
        sources: [],
        outputs: { result: 'Hello', score: '0.9', meta: '{"a":[1]}' },
      },
    ])
    expect(runs()[0]?.path).toBe('/workflows/run')
    expect(runs()[0]?.json).toEqual({
      inputs: { topic: 'cats' },
      user: VISITOR,
      response_mode: 'streaming',
    })
  })

  it('never lets node inputs, outputs, prompts or unlisted outputs reach the browser', async () => {
    const { app } = setup('workflow', {}, { showProcess: true, workflowOutputs: ['result'] })
    const text = await (
      await app.request('/api/workflow', postJson({ inputs: { topic: 'cats' } }))
    ).text()
    expect(text).toContain('"outputs":{"result":"Hello"}')
    for (const secret of [SECRET_INPUT, 'SECRET-OUTPUT', 'internal', 'sys.user_id', 'n1']) {
      expect(text).not.toContain(secret)
    }
  })

  it('sends no outputs when none are listed, and no steps when they are off', async () => {
    const { app } = setup('workflow')
    const res = await app.request('/api/workflow', postJson({ inputs: { topic: 'cats' } }))
    expect((await sent(res)).map((e) => e.type)).toEqual(['start', 'delta', 'delta', 'end'])
  })

  it("ends a failed run with a fixed error, never Dify's error text", async () => {
    const failed = { status: 'failed', outputs: {}, error: 'LLM failed: key sk-LEAK at 10.0.0.5' }
    const { app } = setup('workflow', {
      'POST /workflows/run': () => sseResponse(workflowRun(failed)),
    })
    const res = await app.request('/api/workflow', postJson({ inputs: { topic: 'cats' } }))
    const events = await sent(res)
    expect(events.at(-1)).toEqual({
      type: 'error',
      code: 'upstream_error',
      message: 'The assistant failed to answer. Please try again.',
      retryable: true,
    })
    expect(JSON.stringify(events)).not.toContain('LEAK')
  })

  it('refuses a chat or text-generator app with a clear 400, before Dify is asked to run', async () => {
    for (const mode of ['agent-chat', 'completion']) {
      const { app, runs } = setup(mode)
      const res = await app.request('/api/workflow', postJson({ inputs: { topic: 'x' } }))
      expect(res.status, mode).toBe(400)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_request')
      expect(runs()).toHaveLength(0)
    }
  })
})

describe('POST /api/chat on a text generator or a workflow', () => {
  it('answers a clear 400 before Dify is asked to answer', async () => {
    for (const [mode, route] of [
      ['completion', '/api/completion'],
      ['workflow', '/api/workflow'],
    ] as const) {
      const fake = fakeDify({ 'GET /info': () => json({ mode }) })
      const app = testApp(chatRoutes, { fetch: fake.fetch })
      const res = await app.request('/api/chat', postJson({ query: 'Hi' }))
      expect(res.status).toBe(400)
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(body.error.code).toBe('bad_request')
      expect(body.error.message).toContain(`POST ${route}`)
      expect(fake.calls.filter((c) => c.method === 'POST')).toHaveLength(0)
    }
  })
})

describe.each([
  ['completion', '/completion-messages/:id/stop', `/completion-messages/${TASK_ID}/stop`],
  ['workflow', '/workflows/tasks/:id/stop', `/workflows/tasks/${TASK_ID}/stop`],
])('POST /api/%s/:taskId/stop', (kind, route, path) => {
  const stop = async (token: string) => {
    const { app, fake } = setup(kind, { [`POST ${route}`]: () => json({ result: 'success' }) })
    const res = await app.request(`/api/${kind}/${encodeURIComponent(token)}/stop`, {
      method: 'POST',
    })
    return { res, calls: fake.calls }
  }

  it('stops the task of the visitor’s token, as the same visitor', async () => {
    const { res, calls } = await stop(await taskToken())
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
    expect(calls.map((c) => c.path)).toEqual([path])
    expect(calls[0]?.json).toEqual({ user: VISITOR })
  })

  it('answers 404 for another visitor’s token or a raw task id, and Dify never hears of it', async () => {
    for (const token of [await taskToken('visitor-2'), TASK_ID]) {
      const { res, calls } = await stop(token)
      expect(res.status).toBe(404)
      expect(calls).toHaveLength(0)
    }
  })
})
