import type { WidgetEvent } from '@parley/shared'
import { describe, expect, it } from 'vitest'
import { API_KEY, answerContext, sseText, streamBody } from '../../test/test-kit.ts'
import { DifyError } from './errors.ts'
import type { DifyFrame } from './stream.ts'
import { answerEvents, readDifyFrames } from './stream.ts'

const env = { conversation_id: 'c', message_id: 'm', created_at: 1, task_id: 't' }
const ctx = answerContext()
const slow = { firstByteTimeoutMs: 5_000, idleTimeoutMs: 5_000 }

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

function bytes(text: string) {
  return new TextEncoder().encode(text)
}

function text(events: WidgetEvent[]) {
  return events.map((e) => (e.type === 'delta' ? e.text : '')).join('')
}

const answer = 'Grüße 👋 — ünïcødé 中文 ok'
const frames = sseText([
  { event: 'message', ...env, answer: answer.slice(0, 7) },
  'ping',
  { event: 'message', ...env, answer: answer.slice(7) },
  { event: 'message_end', ...env, id: 'm', metadata: { retriever_resources: [] } },
])

describe('readDifyFrames', () => {
  it('yields the same frames however the bytes are split, even inside a UTF-8 character', async () => {
    const all = bytes(frames)
    for (let cut = 0; cut <= all.length; cut++) {
      const { body } = streamBody([all.slice(0, cut), all.slice(cut)])
      const events = await collect(answerEvents(readDifyFrames(body, slow), ctx))
      expect(text(events), `split at byte ${cut}`).toBe(answer)
      expect(events.at(-1)?.type).toBe('end')
    }
  })

  it('survives one byte per read', async () => {
    const all = bytes(frames)
    const { body } = streamBody([...all].map((b) => Uint8Array.of(b)))
    expect(text(await collect(answerEvents(readDifyFrames(body, slow), ctx)))).toBe(answer)
  })

  it('reads several frames from one chunk', async () => {
    const { body } = streamBody([frames])
    const got = await collect(readDifyFrames(body, slow))
    expect(got.map((f) => f.event)).toEqual(['message', 'message', 'message_end'])
  })

  it('skips pings and data that is not a JSON object', async () => {
    const { body } = streamBody([
      `event: ping\n\ndata: not json\n\ndata: [1]\n\n${sseText([{ event: 'message', answer: 'x' }])}`,
    ])
    expect(await collect(readDifyFrames(body, slow))).toEqual([{ event: 'message', answer: 'x' }])
  })

  it('times out a stream of only pings, counting pings as silence', async () => {
    const pings = Array.from({ length: 3 }, () => 'event: ping\n\n')
    const { body, state } = streamBody(pings, { hang: true })
    const started = Date.now()
    const err = await collect(
      readDifyFrames(body, { firstByteTimeoutMs: 60, idleTimeoutMs: 1000 }),
    ).catch((e) => e)
    expect(err).toBeInstanceOf(DifyError)
    expect((err as DifyError).code).toBe('upstream_timeout')
    expect(Date.now() - started).toBeLessThan(900)
    expect(state.cancelled).toBe(true)
  })

  it('times out when data stops mid-stream', async () => {
    const { body } = streamBody(
      [sseText([{ event: 'message', ...env, answer: 'Hel' }]), 'event: ping\n\n'],
      {
        hang: true,
      },
    )
    const events = await collect(
      answerEvents(readDifyFrames(body, { firstByteTimeoutMs: 1000, idleTimeoutMs: 60 }), ctx),
    )
    expect(events.map((e) => e.type)).toEqual(['start', 'delta', 'error'])
    expect(events.at(-1)).toMatchObject({ code: 'upstream_timeout', retryable: true })
  })

  it('counts the first-byte budget from when the request started', async () => {
    const { body } = streamBody([], { hang: true })
    const startedAt = Date.now() - 1000
    const err = await collect(
      readDifyFrames(body, { firstByteTimeoutMs: 500, idleTimeoutMs: 500, startedAt }),
    ).catch((e) => e)
    expect((err as DifyError).code).toBe('upstream_timeout')
  })
})

describe('answerEvents', () => {
  it('reports an interrupted answer when the body ends before a terminal event', async () => {
    const { body } = streamBody([
      sseText([{ event: 'message', ...env, answer: 'half' }]),
      'data: {"event":"mess',
    ])
    const events = await collect(answerEvents(readDifyFrames(body, slow), ctx))
    expect(events.at(-1)).toEqual({
      type: 'error',
      code: 'upstream_error',
      message: 'The answer was interrupted. Please try again.',
      retryable: true,
    })
  })

  it('reports an interrupted answer when the connection breaks', async () => {
    let sent = false
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new TypeError('terminated'))
        sent = true
        controller.enqueue(bytes(sseText([{ event: 'message', ...env, answer: 'x' }])))
      },
    })
    const events = await collect(answerEvents(readDifyFrames(body, slow), ctx))
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      message: 'The answer was interrupted. Please try again.',
    })
  })

  it('keeps reading after the terminal event so Dify can finish, without more events', async () => {
    const seen: string[] = []
    async function* frames(): AsyncGenerator<DifyFrame> {
      for (const f of [
        { event: 'message', ...env, answer: 'a' },
        { event: 'message_end', ...env, id: 'm' },
        { event: 'tts_message_end', ...env, audio: '' },
        { event: 'workflow_finished', ...env, data: { status: 'succeeded' } },
      ]) {
        seen.push(f.event)
        yield f
      }
    }
    const events = await collect(answerEvents(frames(), ctx))
    expect(events.map((e) => e.type)).toEqual(['start', 'delta', 'end'])
    expect(seen).toEqual(['message', 'message_end', 'tts_message_end', 'workflow_finished'])
  })

  it('does not turn a timeout after the terminal event into an error', async () => {
    const { body } = streamBody([sseText([{ event: 'message_end', ...env, id: 'm' }])], {
      hang: true,
    })
    const events = await collect(
      answerEvents(readDifyFrames(body, { firstByteTimeoutMs: 50, idleTimeoutMs: 50 }), ctx),
    )
    expect(events.map((e) => e.type)).toEqual(['start', 'end'])
  })
})

describe('bounds on what Dify sends', () => {
  const small = { frameChars: 1000, streamBytes: 50_000, answerMs: 60_000 }
  const huge = (event: string) => `data: {"event":"${event}","data":"${'x'.repeat(600)}`
  const end = sseText([
    { event: 'message', ...env, answer: 'fine' },
    { event: 'message_end', ...env, id: 'm' },
  ])

  it('ends the answer at a text frame over the frame limit, without reading the rest', async () => {
    const { body, state } = streamBody([huge('message'), 'y'.repeat(600), 'z'.repeat(600), end])
    const err = await collect(readDifyFrames(body, slow, small)).catch((e) => e)
    expect(err).toMatchObject({ code: 'upstream_error', reason: expect.stringContaining('1000') })
    expect(state.cancelled).toBe(true)
    expect(state.pulledAll).toBe(false)
  })

  it('skips a node frame over the frame limit and goes on with the answer', async () => {
    const skipped: string[] = []
    const { body } = streamBody([huge('node_finished'), 'y'.repeat(600), '"}\n\n', end])
    const frames = await collect(readDifyFrames(body, slow, small, (r) => skipped.push(r)))
    expect(frames.map((f) => f.event)).toEqual(['message', 'message_end'])
    expect(skipped).toEqual([expect.stringContaining('node_finished')])
  })

  it('ends a data line that never ends and names no event', async () => {
    const { body } = streamBody(['data: ', ...Array.from({ length: 10 }, () => 'a'.repeat(500))])
    const err = await collect(readDifyFrames(body, slow, small)).catch((e) => e)
    expect(err).toMatchObject({
      code: 'upstream_error',
      reason: expect.stringContaining('unknown'),
    })
  })

  it('ends a stream of small frames past the byte limit', async () => {
    const chunk = sseText([{ event: 'node_started', ...env, data: { node_type: 'llm' } }])
    const { body, state } = streamBody(Array.from({ length: 1000 }, () => chunk))
    const err = await collect(readDifyFrames(body, slow, small)).catch((e) => e)
    expect(err).toMatchObject({ code: 'upstream_error', reason: expect.stringContaining('50000') })
    expect(state.pulledAll).toBe(false)
  })

  it('ends an answer that trickles past its time limit', async () => {
    const tick = sseText([{ event: 'message', ...env, answer: '.' }])
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        controller.enqueue(bytes(tick))
      },
    })
    const bounds = { ...small, streamBytes: 1e9, answerMs: 150 }
    const events = await collect(answerEvents(readDifyFrames(body, slow, bounds), ctx))
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'upstream_timeout' })
    expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThan(2)
  })

  it('ends an answer whose text passes the character limit, and logs why', async () => {
    const faults: unknown[] = []
    const { body, state } = streamBody([
      ...Array.from({ length: 5 }, () => sseText([{ event: 'message', ...env, answer: 'abcd' }])),
      end,
    ])
    const events = await collect(
      answerEvents(
        readDifyFrames(body, slow),
        answerContext((e) => faults.push(e)),
        10,
      ),
    )
    expect(text(events)).toBe('abcdabcd')
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'upstream_error' })
    expect(faults).toEqual([expect.objectContaining({ reason: expect.stringContaining('10') })])
    expect(state.cancelled).toBe(true)
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
    const events = await collect(answerEvents(readDifyFrames(body, slow), ctx))
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
    const events = await collect(answerEvents(readDifyFrames(body, slow), ctx))
    expect(JSON.stringify(events)).not.toContain(key.slice(3, 15))
    expect(events).toContainEqual({ type: 'status', label: 'Call [redacted]' })
  })
})
