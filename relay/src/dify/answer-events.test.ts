import type { WidgetEvent } from '@parley/shared'
import { describe, expect, it } from 'vitest'
import { eventsOf, scriptedFrames } from '../../test/push-kit.ts'
import {
  API_KEY,
  answerContext,
  plainIds as ids,
  sseText,
  streamBody,
} from '../../test/test-kit.ts'
import { visitorIds } from '../visitor-ids.ts'
import { answerEvents } from './answer-events.ts'
import { DifyError } from './errors.ts'
import { readDifyFrames } from './frames.ts'

const env = { conversation_id: 'c', message_id: 'm', created_at: 1, task_id: 't' }
const ctx = answerContext()
const slow = { firstByteTimeoutMs: 5_000, idleTimeoutMs: 5_000 }
const on = () => true

function text(events: WidgetEvent[]) {
  return events.map((e) => (e.type === 'delta' ? e.text : '')).join('')
}

const INTERRUPTED = {
  type: 'error',
  code: 'upstream_error',
  message: 'The answer was interrupted. Please try again.',
  retryable: true,
}

describe('answerEvents', () => {
  it('maps a whole answer, its text split anywhere in its bytes', async () => {
    const answer = 'Grüße 👋 — ünïcødé 中文 ok'
    const all = new TextEncoder().encode(
      sseText([
        { event: 'message', ...env, answer: answer.slice(0, 7) },
        'ping',
        { event: 'message', ...env, answer: answer.slice(7) },
        { event: 'message_end', ...env, id: 'm', metadata: { retriever_resources: [] } },
      ]),
    )
    for (let cut = 0; cut <= all.length; cut += 7) {
      const { body } = streamBody([all.slice(0, cut), all.slice(cut)])
      const events = await eventsOf(answerEvents(readDifyFrames(body, slow), ctx, { ids }))
      expect(text(events), `split at byte ${cut}`).toBe(answer)
      expect(events.map((e) => e.type)).toEqual(['start', 'delta', 'delta', 'end'])
    }
  })

  it('reports an interrupted answer when the body ends before a terminal event', async () => {
    const { body } = streamBody([
      sseText([{ event: 'message', ...env, answer: 'half' }]),
      'data: {"event":"mess',
    ])
    const events = await eventsOf(answerEvents(readDifyFrames(body, slow), ctx, { ids }))
    expect(events.at(-1)).toEqual(INTERRUPTED)
  })

  it('reports an interrupted answer when the connection breaks', async () => {
    let sent = false
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new TypeError('terminated'))
        sent = true
        controller.enqueue(
          new TextEncoder().encode(sseText([{ event: 'message', ...env, answer: 'x' }])),
        )
      },
    })
    const events = await eventsOf(answerEvents(readDifyFrames(body, slow), ctx, { ids }))
    expect(events.at(-1)).toEqual(INTERRUPTED)
  })

  it('keeps reading after the terminal event so Dify can finish, without more events', async () => {
    const frames = scriptedFrames([
      { event: 'message', ...env, answer: 'a' },
      { event: 'message_end', ...env, id: 'm' },
      { event: 'tts_message_end', ...env, audio: '' },
      { event: 'workflow_finished', ...env, data: { status: 'succeeded' } },
    ])
    const events = await eventsOf(answerEvents(frames.source, ctx, { ids }))
    expect(events.map((e) => e.type)).toEqual(['start', 'delta', 'end'])
    expect(frames.sent).toBe(4)
    expect(frames.stopped).toBe(false)
  })

  it('ends with the error of a timeout or a bound passed, and logs why', async () => {
    const faults: unknown[] = []
    const tooBig = new DifyError('upstream_error', 'Too large.', { reason: 'a bound' })
    const frames = scriptedFrames([{ event: 'message', ...env, answer: 'Hel' }, tooBig])
    const events = await eventsOf(
      answerEvents(
        frames.source,
        answerContext((e) => faults.push(e)),
        { ids },
      ),
    )
    expect(events.map((e) => e.type)).toEqual(['start', 'delta', 'error'])
    expect(events.at(-1)).toEqual({
      type: 'error',
      code: 'upstream_error',
      message: 'Too large.',
      retryable: true,
    })
    expect(faults).toEqual([tooBig])
  })

  it('times out when data stops mid-stream', async () => {
    const { body } = streamBody(
      [sseText([{ event: 'message', ...env, answer: 'Hel' }]), 'event: ping\n\n'],
      { hang: true },
    )
    const events = await eventsOf(
      answerEvents(readDifyFrames(body, { firstByteTimeoutMs: 1000, idleTimeoutMs: 60 }), ctx, {
        ids,
      }),
    )
    expect(events.map((e) => e.type)).toEqual(['start', 'delta', 'error'])
    expect(events.at(-1)).toMatchObject({ code: 'upstream_timeout', retryable: true })
  })

  it('does not turn a timeout after the terminal event into an error', async () => {
    const { body } = streamBody([sseText([{ event: 'message_end', ...env, id: 'm' }])], {
      hang: true,
    })
    const events = await eventsOf(
      answerEvents(readDifyFrames(body, { firstByteTimeoutMs: 50, idleTimeoutMs: 50 }), ctx, {
        ids,
      }),
    )
    expect(events.map((e) => e.type)).toEqual(['start', 'end'])
  })

  it('fails with a fault of its own, stopping the frames, and logs it', async () => {
    const faults: unknown[] = []
    const broken = {
      ...answerContext((e) => faults.push(e)),
      fileUrl: () => {
        throw new Error('bug')
      },
    }
    const frames = scriptedFrames([
      { event: 'message', ...env, answer: 'a' },
      { event: 'message_file', ...env, url: '/files/x.png', type: 'image' },
      { event: 'message_end', ...env, id: 'm' },
    ])
    const heard: string[] = []
    const err = await new Promise((resolve) => {
      answerEvents(frames.source, broken, { ids }).start({
        event: (e) => heard.push(e.type),
        end: () => resolve(null),
        fail: resolve,
      })
    })
    expect(err).toMatchObject({ message: 'bug' })
    expect(heard).toEqual(['start', 'delta'])
    expect(faults).toEqual([err])
    expect(frames.stopped).toBe(true)
  })

  it('ends an answer that trickles past its time limit with a timeout', async () => {
    const tick = new TextEncoder().encode(sseText([{ event: 'message', ...env, answer: '.' }]))
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        controller.enqueue(tick)
      },
    })
    const bounds = { frameChars: 1000, streamBytes: 1e9, answerMs: 150 }
    const events = await eventsOf(answerEvents(readDifyFrames(body, slow, bounds), ctx, { ids }))
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'upstream_timeout' })
    expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThan(2)
  })

  it('ends an answer whose text passes the character limit, logs why, and reads no more', async () => {
    const faults: unknown[] = []
    const { body, state } = streamBody([
      ...Array.from({ length: 5 }, () => sseText([{ event: 'message', ...env, answer: 'abcd' }])),
      sseText([{ event: 'message_end', ...env, id: 'm' }]),
    ])
    const events = await eventsOf(
      answerEvents(
        readDifyFrames(body, slow),
        answerContext((e) => faults.push(e)),
        { ids, maxChars: 10 },
      ),
    )
    expect(text(events)).toBe('abcdabcd')
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'upstream_error' })
    expect(events.filter((e) => e.type === 'error')).toHaveLength(1)
    expect(faults).toEqual([expect.objectContaining({ reason: expect.stringContaining('10') })])
    expect(state.cancelled).toBe(true)
  })

  it('stops: the frames stop, and the sink hears nothing more', async () => {
    const frames = scriptedFrames(
      [
        { event: 'message', ...env, answer: 'a' },
        { event: 'message_end', ...env, id: 'm' },
      ],
      30,
    )
    const heard: string[] = []
    const reading = answerEvents(frames.source, ctx, { ids }).start({
      event: (e) => heard.push(e.type),
      end: () => heard.push('end'),
      fail: () => heard.push('fail'),
    })
    await new Promise((resolve) => setTimeout(resolve, 45))
    reading.stop()
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(heard).toEqual(['start', 'delta'])
    expect(frames.stopped).toBe(true)
  })
})

describe('steps', () => {
  // Everything Dify puts beside a step's label, each marked so that any of it reaching the browser shows.
  const node = (event: string, title: string, nodeType: string) => ({
    event,
    ...env,
    workflow_run_id: 'LEAK-run',
    data: {
      node_id: 'LEAK-node-id',
      node_type: nodeType,
      title,
      inputs: { query: 'LEAK-input' },
      outputs: { text: 'LEAK-output' },
      process_data: { prompts: [{ role: 'system', text: 'LEAK-system-prompt' }] },
      execution_metadata: { total_price: 'LEAK-price' },
      error: 'LEAK-node-error',
    },
  })
  const stepFrames = () =>
    streamBody([
      sseText([
        node('node_started', 'Start', 'start'),
        node('node_started', 'Search the handbook', 'knowledge-retrieval'),
        node('node_finished', 'Search the handbook', 'knowledge-retrieval'),
        {
          event: 'agent_thought',
          ...env,
          id: 'th',
          tool: 'web_search',
          tool_labels: { web_search: { en_US: 'Web Search' } },
          tool_input: '{"web_search":{"q":"LEAK-tool-input"}}',
          observation: '{"web_search":"LEAK-observation"}',
          thought: '',
        },
        { event: 'message', ...env, answer: 'Done.' },
        { event: 'message_end', ...env, id: 'm' },
      ]),
    ]).body

  it('sends no status events when the app hides steps, which is the default', async () => {
    const events = await eventsOf(answerEvents(readDifyFrames(stepFrames(), slow), ctx, { ids }))
    expect(events.map((e) => e.type)).toEqual(['start', 'delta', 'end'])
  })

  it('sends node titles and tool names when shown, never inputs, outputs, prompts or tool data', async () => {
    const events = await eventsOf(
      answerEvents(readDifyFrames(stepFrames(), slow), ctx, { ids, steps: on }),
    )
    expect(events.filter((e) => e.type === 'status')).toEqual([
      { type: 'status', label: 'Search the handbook' },
      { type: 'status', label: 'Using Web Search' },
    ])
    expect(JSON.stringify(events)).not.toContain('LEAK')
  })

  it('asks at each step, so steps show from when the app is known to show them', async () => {
    let shown = false
    const frames = scriptedFrames(
      [
        node('node_started', 'First', 'llm'),
        node('node_started', 'Second', 'tool'),
        { event: 'message_end', ...env, id: 'm' },
      ],
      5,
    )
    const steps = () => {
      const now = shown
      shown = true
      return now
    }
    const events = await eventsOf(answerEvents(frames.source, ctx, { ids, steps }))
    expect(events.filter((e) => e.type === 'status')).toEqual([{ type: 'status', label: 'Second' }])
  })
})

describe('the key in an answer', () => {
  const key = API_KEY.slice(4)

  it('never reaches the visitor, even spelled across deltas', async () => {
    const parts = ['Your key: ', key.slice(0, 5), key.slice(5, 14), `${key.slice(14)} — done`]
    const { body } = streamBody([
      sseText(parts.map((answer) => ({ event: 'message', ...env, answer }))),
      sseText([{ event: 'message_end', ...env, id: 'm' }]),
    ])
    const events = await eventsOf(answerEvents(readDifyFrames(body, slow), ctx, { ids }))
    expect(text(events)).toBe('Your key: [redacted] — done')
    for (let i = 0; i + 4 <= key.length; i++) {
      expect(JSON.stringify(events)).not.toContain(key.slice(i, i + 4))
    }
    expect(events.at(-1)?.type).toBe('end')
  })

  it('is redacted in status labels, errors and sources', async () => {
    const { body } = streamBody([
      sseText([
        { event: 'node_started', ...env, data: { node_type: 'llm', title: `Call ${API_KEY}` } },
        { event: 'error', ...env, status: 400, code: 'invalid_param', message: `bad x${key}` },
      ]),
    ])
    const events = await eventsOf(answerEvents(readDifyFrames(body, slow), ctx, { ids, steps: on }))
    expect(JSON.stringify(events)).not.toContain(key.slice(3, 15))
    expect(events).toContainEqual({ type: 'status', label: 'Call [redacted]' })
  })
})

describe('the visitor’s tokens', () => {
  const scope = { app: 'default', visitor: 'v_alice' }
  const real = visitorIds('answer-events-secret', scope)
  const formFrame = {
    event: 'human_input_required',
    ...env,
    workflow_run_id: 'run-1',
    data: {
      node_title: 'Approval',
      form_content: `Check ${API_KEY}: {{#$output.note#}}`,
      inputs: [{ type: 'text_input', output_variable_name: 'note', default: null }],
      actions: [{ id: 'ok', title: 'OK', button_style: 'primary' }],
      display_in_ui: true,
      form_token: 'RAW-FORM-TOKEN',
      resolved_default_values: {},
      expiration_time: 4102444800,
    },
  }
  const pausedAnswer = () =>
    scriptedFrames([
      { event: 'message', ...env, answer: 'Draft.' },
      formFrame,
      { event: 'workflow_paused', ...env, data: {} },
    ])

  it('signs the task id and seals the form, keeping their order in the answer', async () => {
    const events = await eventsOf(answerEvents(pausedAnswer().source, ctx, { ids: real }))
    expect(events.map((e) => e.type)).toEqual(['start', 'delta', 'form', 'end'])
    const [start] = events
    expect(start?.type === 'start' && (await real.taskId(start.taskId))).toBe('t')
    const form = events.find((e) => e.type === 'form')
    const handle = form?.type === 'form' ? await real.formHandle(form.form.token) : null
    expect(handle).toMatchObject({ formToken: 'RAW-FORM-TOKEN', runId: 'run-1', actions: ['ok'] })
    expect(JSON.stringify(events)).not.toContain('RAW-FORM-TOKEN')
  })

  it('redacts the key in a form’s texts like anywhere else', async () => {
    const events = await eventsOf(answerEvents(pausedAnswer().source, ctx, { ids: real }))
    const form = events.find((e) => e.type === 'form')
    expect(form?.type === 'form' && form.form.content).toBe('Check [redacted]: {{#$output.note#}}')
  })

  it('sends no start for the rest of a paused answer', async () => {
    const frames = scriptedFrames([
      { event: 'message', ...env, answer: 'Thanks.' },
      { event: 'message_end', ...env, id: 'm' },
    ])
    const events = await eventsOf(answerEvents(frames.source, ctx, { ids: real, resumed: true }))
    expect(events).toEqual([
      { type: 'delta', text: 'Thanks.' },
      { type: 'end', messageId: 'm', sources: [] },
    ])
  })

  it('fails as the relay’s own fault when a token cannot be made, reading no more', async () => {
    const faults: unknown[] = []
    const broken = { ...real, task: () => Promise.reject(new Error('no WebCrypto')) }
    const frames = pausedAnswer()
    const failure = await eventsOf(
      answerEvents(
        frames.source,
        answerContext((e) => faults.push(e)),
        { ids: broken },
      ),
    ).catch((err: unknown) => err)
    expect(failure).toEqual(new Error('no WebCrypto'))
    expect(faults).toEqual([new Error('no WebCrypto')])
    expect(frames.stopped).toBe(true)
  })
})
