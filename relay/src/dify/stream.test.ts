import type { WidgetEvent } from '@parley/shared'
import { describe, expect, it } from 'vitest'
import { sseText, streamBody } from '../../test/test-kit.ts'
import { DifyError } from './errors.ts'
import type { DifyFrame } from './stream.ts'
import { answerEvents, readDifyFrames } from './stream.ts'

const env = { conversation_id: 'c', message_id: 'm', created_at: 1, task_id: 't' }
const ctx = { difyOrigin: 'https://dify.test' }
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
