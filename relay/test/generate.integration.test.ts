import type { DifyUpstream } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import type { StartEvent, WidgetEvent } from '@parley/shared'
import { ROUTES } from '@parley/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoopbackRelay } from './loopback-relay.ts'
import { followStream, readStream, startLoopbackRelay, textOf } from './loopback-relay.ts'

const FORM = [{ 'text-input': { variable: 'topic', label: 'Topic', required: true } }]
const types = (events: WidgetEvent[]) => events.map((e) => e.type)
const startOf = (events: WidgetEvent[]) => events.find((e): e is StartEvent => e.type === 'start')

interface Side {
  upstream: DifyUpstream
  relay: LoopbackRelay
  token: string
}

async function side(mode: 'completion' | 'workflow', env: Record<string, string> = {}) {
  const upstream = await startDifyUpstream({ mode, app: { userInputForm: FORM } })
  const relay = await startLoopbackRelay(upstream, env)
  return { upstream, relay, token: await relay.session() }
}

const post = (s: Side, path: string, body: unknown, signal?: AbortSignal) =>
  fetch(`${s.relay.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: signal ?? null,
  })

let completion: Side
let workflow: Side
beforeAll(async () => {
  completion = await side('completion')
  workflow = await side('workflow', { WORKFLOW_OUTPUTS: 'result', SHOW_PROCESS: 'true' })
})
afterAll(async () => {
  for (const s of [completion, workflow]) {
    await s.relay.close()
    await s.upstream.close()
  }
})

describe('text generator over loopback', () => {
  it('streams a result: start with no conversation, deltas, one end', async () => {
    completion.upstream.next({ answer: 'Cats purr when content.' })
    const res = await post(completion, ROUTES.completion, { inputs: { topic: 'cats' } })
    const { events } = await readStream(res)
    expect(types(events)[0]).toBe('start')
    expect(types(events).at(-1)).toBe('end')
    expect(startOf(events)?.conversationId).toBe('')
    expect(textOf(events)).toBe('Cats purr when content.')
    const sent = completion.upstream.requests.filter((r) => r.path === '/v1/completion-messages')
    expect(sent.at(-1)?.body).toMatchObject({
      inputs: { topic: 'cats' },
      response_mode: 'streaming',
    })
  })

  it('refuses a missing required input with 400, and Dify never runs', async () => {
    const before = completion.upstream.requests.length
    const res = await post(completion, ROUTES.completion, { inputs: {} })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: { code: 'bad_request', message: 'Input "topic" (Topic) is required.' },
    })
    const runs = completion.upstream.requests.slice(before).filter((r) => r.method === 'POST')
    expect(runs).toHaveLength(0)
  })

  it('refuses the chat route on a text generator with 400 bad_request', async () => {
    const res = await completion.relay.chat(completion.token, { query: 'hi' })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_request')
  })

  it('stops through the relay, only with the visitor’s own token', async () => {
    completion.upstream.next({ answer: 'a b c d e f g h i j k l m n o p', frameDelayMs: 10 })
    const stream = followStream(
      await post(completion, ROUTES.completion, { inputs: { topic: 'x' } }),
    )
    const events = await stream.waitFor((e) => e.some((x) => x.type === 'delta'))
    const taskId = startOf(events)?.taskId ?? ''
    const other = { ...completion, token: await completion.relay.session() }
    expect((await post(other, ROUTES.completionStop(taskId), {})).status).toBe(404)
    expect((await post(completion, ROUTES.completionStop(taskId), {})).status).toBe(200)
    const all = await stream.done
    expect(types(all).at(-1)).toBe('end')
    expect(textOf(all).length).toBeLessThan('a b c d e f g h i j k l m n o p'.length)
  })

  it('ends with Dify’s error mid-stream as an error event', async () => {
    completion.upstream.next({
      answer: 'one two three',
      error: { afterChunks: 1, code: 'completion_request_error', message: 'overloaded' },
    })
    const { events } = await readStream(
      await post(completion, ROUTES.completion, { inputs: { topic: 'x' } }),
    )
    expect(types(events)).toEqual(['start', 'delta', 'error'])
  })

  it('keeps generating when the visitor disconnects: Dify completes the result', async () => {
    completion.upstream.next({ answer: 'one two three four five six', frameDelayMs: 5 })
    const abort = new AbortController()
    const res = await post(completion, ROUTES.completion, { inputs: { topic: 'x' } }, abort.signal)
    const events = await followStream(res).waitFor((e) => e.some((x) => x.type === 'delta'))
    abort.abort()
    await completion.upstream.settled()
    expect(completion.upstream.disconnects).toBe(0)
    const saved = completion.upstream.emulator.state.messages.get(startOf(events)?.messageId ?? '')
    expect(saved).toMatchObject({ answer: 'one two three four five six', done: true })
  })
})

describe('workflow over loopback', () => {
  it('streams text chunks and node titles, and ends with only the listed outputs', async () => {
    workflow.upstream.next({
      answer: 'A poem.',
      outputs: { result: 'A poem.', secret_note: 'INTERNAL-ONLY' },
      nodes: [
        { title: 'Start', type: 'start', outputs: { topic: 'x' } },
        { title: 'Compose', type: 'llm', inputs: { prompt: 'PROMPT-TEXT' }, processData: { p: 1 } },
        { title: 'End', type: 'end', outputs: { result: 'A poem.' } },
      ],
    })
    const { events, raw } = await readStream(
      await post(workflow, ROUTES.workflow, { inputs: { topic: 'x' } }),
    )
    expect(types(events)).toEqual(['start', 'status', 'delta', 'delta', 'end'])
    expect(events[1]).toEqual({ type: 'status', label: 'Compose' })
    expect(textOf(events)).toBe('A poem.')
    expect(raw).toContain('"outputs":{"result":"A poem."}')
    for (const secret of ['INTERNAL-ONLY', 'secret_note', 'PROMPT-TEXT', 'sys.user_id']) {
      expect(raw).not.toContain(secret)
    }
  })

  it('ends a failed node with a fixed error, never the node’s message', async () => {
    workflow.upstream.next({ workflowEnd: 'failed', workflowError: 'db at 10.1.2.3 said no' })
    const { events, raw } = await readStream(
      await post(workflow, ROUTES.workflow, { inputs: { topic: 'x' } }),
    )
    expect(events.at(-1)).toEqual({
      type: 'error',
      code: 'upstream_error',
      message: 'The assistant failed to answer. Please try again.',
      retryable: true,
    })
    expect(raw).not.toContain('10.1.2.3')
  })

  it('stops through the relay with the visitor’s own token', async () => {
    workflow.upstream.next({ answer: 'a b c d e f g h i j k l m n o p', frameDelayMs: 10 })
    const stream = followStream(await post(workflow, ROUTES.workflow, { inputs: { topic: 'x' } }))
    const events = await stream.waitFor((e) => e.some((x) => x.type === 'delta'))
    const taskId = startOf(events)?.taskId ?? ''
    const other = { ...workflow, token: await workflow.relay.session() }
    const before = workflow.upstream.requests.length
    expect((await post(other, ROUTES.workflowStop(taskId), {})).status).toBe(404)
    expect(workflow.upstream.requests.length).toBe(before)
    expect((await post(workflow, ROUTES.workflowStop(taskId), {})).status).toBe(200)
    expect(types(await stream.done).at(-1)).toBe('end')
    const run = workflow.upstream.emulator.state.runs.get(startOf(events)?.messageId ?? '')
    expect(run?.status).toBe('stopped')
  })

  it('keeps the run going when the visitor disconnects: Dify finishes it', async () => {
    workflow.upstream.next({ answer: 'one two three four five six', frameDelayMs: 5 })
    const abort = new AbortController()
    const res = await post(workflow, ROUTES.workflow, { inputs: { topic: 'x' } }, abort.signal)
    const events = await followStream(res).waitFor((e) => e.some((x) => x.type === 'delta'))
    abort.abort()
    await workflow.upstream.settled()
    expect(workflow.upstream.disconnects).toBe(0)
    expect(
      workflow.upstream.emulator.state.runs.get(startOf(events)?.messageId ?? '')?.status,
    ).toBe('succeeded')
  })

  it('refuses the text-generator route on a workflow, and a missing input, with 400', async () => {
    const wrong = await post(workflow, ROUTES.completion, { inputs: { topic: 'x' } })
    expect(wrong.status).toBe(400)
    const missing = await post(workflow, ROUTES.workflow, { inputs: {} })
    expect(missing.status).toBe(400)
  })
})

describe('DEMO_APP over loopback', () => {
  it('shows a text generator or a workflow in demo mode', async () => {
    for (const kind of ['completion', 'workflow'] as const) {
      const relay = await startLoopbackRelay(null, { DEMO_APP: kind })
      const token = await relay.session()
      const info = (await (await relay.api(token, 'GET', ROUTES.app)).json()) as { mode: string }
      expect(info.mode).toBe(kind)
      await relay.close()
    }
  })
})
