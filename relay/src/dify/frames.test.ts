import { describe, expect, it } from 'vitest'
import { framesOf } from '../../test/push-kit.ts'
import { sseText, streamBody } from '../../test/test-kit.ts'
import { type ByteSink, offerBytes } from './byte-source.ts'
import { DifyError } from './errors.ts'
import { type DifyFrame, readDifyFrames } from './frames.ts'

const env = { conversation_id: 'c', message_id: 'm', created_at: 1, task_id: 't' }
const slow = { firstByteTimeoutMs: 5_000, idleTimeoutMs: 5_000 }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function bytes(text: string) {
  return new TextEncoder().encode(text)
}

const answer = 'Grüße 👋 — ünïcødé 中文 ok'
const frames = sseText([
  { event: 'message', ...env, answer: answer.slice(0, 7) },
  'ping',
  { event: 'message', ...env, answer: answer.slice(7) },
  { event: 'message_end', ...env, id: 'm', metadata: { retriever_resources: [] } },
])
const textOf = (got: DifyFrame[]) => got.map((f) => f.answer ?? '').join('')

describe('readDifyFrames', () => {
  it('gives the same frames however the bytes are split, even inside a UTF-8 character', async () => {
    const all = bytes(frames)
    for (let cut = 0; cut <= all.length; cut++) {
      const { body } = streamBody([all.slice(0, cut), all.slice(cut)])
      const got = await framesOf(readDifyFrames(body, slow))
      expect(textOf(got), `split at byte ${cut}`).toBe(answer)
      expect(got.at(-1)?.event).toBe('message_end')
    }
  })

  it('survives one byte per read', async () => {
    const all = bytes(frames)
    const { body } = streamBody([...all].map((b) => Uint8Array.of(b)))
    expect(textOf(await framesOf(readDifyFrames(body, slow)))).toBe(answer)
  })

  it('reads several frames from one chunk', async () => {
    const { body } = streamBody([frames])
    const got = await framesOf(readDifyFrames(body, slow))
    expect(got.map((f) => f.event)).toEqual(['message', 'message', 'message_end'])
  })

  it('skips pings and data that is not a JSON object', async () => {
    const { body } = streamBody([
      `event: ping\n\ndata: not json\n\ndata: [1]\n\n${sseText([{ event: 'message', answer: 'x' }])}`,
    ])
    expect(await framesOf(readDifyFrames(body, slow))).toEqual([{ event: 'message', answer: 'x' }])
  })

  it('drops a leading BOM and a last frame without its closing blank line', async () => {
    const { body } = streamBody([
      Uint8Array.of(0xef, 0xbb),
      Uint8Array.of(0xbf, ...bytes(sseText([{ event: 'message', answer: 'x' }]))),
      'data: {"event":"message","answer":"y"}\n',
    ])
    expect(await framesOf(readDifyFrames(body, slow))).toEqual([{ event: 'message', answer: 'x' }])
  })

  it('ends early, without an error, when the connection breaks', async () => {
    let sent = false
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new TypeError('terminated'))
        sent = true
        controller.enqueue(bytes(sseText([{ event: 'message', ...env, answer: 'x' }])))
      },
    })
    const got = await framesOf(readDifyFrames(body, slow))
    expect(got.map((f) => f.answer)).toEqual(['x'])
  })

  it('times out a stream of only pings, counting pings as silence', async () => {
    const pings = Array.from({ length: 3 }, () => 'event: ping\n\n')
    const { body, state } = streamBody(pings, { hang: true })
    const started = Date.now()
    const err = await framesOf(
      readDifyFrames(body, { firstByteTimeoutMs: 60, idleTimeoutMs: 1000 }),
    ).catch((e) => e)
    expect(err).toBeInstanceOf(DifyError)
    expect((err as DifyError).code).toBe('upstream_timeout')
    expect(Date.now() - started).toBeLessThan(900)
    expect(state.cancelled).toBe(true)
  })

  it('times out when data stops mid-stream, at the idle timeout however long the first-byte one', async () => {
    const { body, state } = streamBody(
      [sseText([{ event: 'message', ...env, answer: 'Hel' }]), 'event: ping\n\n'],
      { hang: true },
    )
    const got: DifyFrame[] = []
    const started = Date.now()
    const err = await new Promise((resolve) => {
      readDifyFrames(body, { firstByteTimeoutMs: 5000, idleTimeoutMs: 60 }).start({
        frame: (f) => got.push(f),
        end: () => resolve(null),
        fail: resolve,
      })
    })
    expect(got.map((f) => f.answer)).toEqual(['Hel'])
    expect(err).toMatchObject({ code: 'upstream_timeout', retryable: true })
    expect(Date.now() - started).toBeLessThan(2000)
    expect(state.cancelled).toBe(true)
  })

  it('counts the first-byte budget from when the request started', async () => {
    const { body, state } = streamBody([], { hang: true })
    const startedAt = Date.now() - 1000
    const err = await framesOf(
      readDifyFrames(body, { firstByteTimeoutMs: 500, idleTimeoutMs: 500, startedAt }),
    ).catch((e) => e)
    expect((err as DifyError).code).toBe('upstream_timeout')
    expect(state.cancelled).toBe(true)
  })

  it('stops: the body is cancelled and the sink hears nothing more', async () => {
    const { body, state } = streamBody([sseText([{ event: 'message', answer: 'x' }])], {
      hang: true,
    })
    const heard: string[] = []
    const reading = readDifyFrames(body, { firstByteTimeoutMs: 50, idleTimeoutMs: 50 }).start({
      frame: () => heard.push('frame'),
      end: () => heard.push('end'),
      fail: () => heard.push('fail'),
    })
    for (let i = 0; i < 50 && heard.length === 0; i++) await sleep(2)
    reading.stop()
    await sleep(120) // past the idle timeout
    expect(heard).toEqual(['frame'])
    expect(state.cancelled).toBe(true)
  })

  it('takes the bytes pushed when the runtime offers them, leaving the stream unread', async () => {
    const { body, state } = streamBody([frames])
    let sink: ByteSink | undefined
    let stopped = false
    offerBytes(body, () => ({
      start(s) {
        sink = s
        return { stop: () => (stopped = true) }
      },
    }))
    const got = framesOf(readDifyFrames(body, slow))
    const all = bytes(frames)
    sink?.data(all.slice(0, 30))
    sink?.data(all.slice(30))
    sink?.end()
    expect(textOf(await got)).toBe(answer)
    expect(body.locked).toBe(false)
    expect(state.pulledAll).toBe(false)
    expect(stopped).toBe(false)
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
    const err = await framesOf(readDifyFrames(body, slow, small)).catch((e) => e)
    expect(err).toMatchObject({ code: 'upstream_error', reason: expect.stringContaining('1000') })
    expect(state.cancelled).toBe(true)
    expect(state.pulledAll).toBe(false)
  })

  it('skips a node frame over the frame limit and goes on with the answer', async () => {
    const skipped: string[] = []
    const { body } = streamBody([huge('node_finished'), 'y'.repeat(600), '"}\n\n', end])
    const got = await framesOf(readDifyFrames(body, slow, small, (r) => skipped.push(r)))
    expect(got.map((f) => f.event)).toEqual(['message', 'message_end'])
    expect(skipped).toEqual([expect.stringContaining('node_finished')])
  })

  it('ends a data line that never ends and names no event', async () => {
    const { body } = streamBody(['data: ', ...Array.from({ length: 10 }, () => 'a'.repeat(500))])
    const err = await framesOf(readDifyFrames(body, slow, small)).catch((e) => e)
    expect(err).toMatchObject({
      code: 'upstream_error',
      reason: expect.stringContaining('unknown'),
    })
  })

  it('ends a stream of small frames past the byte limit', async () => {
    const chunk = sseText([{ event: 'node_started', ...env, data: { node_type: 'llm' } }])
    const { body, state } = streamBody(Array.from({ length: 1000 }, () => chunk))
    const err = await framesOf(readDifyFrames(body, slow, small)).catch((e) => e)
    expect(err).toMatchObject({
      code: 'upstream_error',
      reason: expect.stringContaining('50000'),
    })
    expect(state.pulledAll).toBe(false)
    expect(state.cancelled).toBe(true)
  })

  it('ends an answer that trickles past its time limit', async () => {
    const tick = sseText([{ event: 'message', ...env, answer: '.' }])
    let cancelled = false
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await sleep(20)
        controller.enqueue(bytes(tick))
      },
      cancel() {
        cancelled = true
      },
    })
    const bounds = { ...small, streamBytes: 1e9, answerMs: 150 }
    const got: DifyFrame[] = []
    const err = await new Promise((resolve) => {
      readDifyFrames(body, slow, bounds).start({
        frame: (f) => got.push(f),
        end: () => resolve(null),
        fail: resolve,
      })
    })
    expect(err).toMatchObject({ code: 'upstream_timeout', reason: expect.stringContaining('150') })
    expect(got.length).toBeGreaterThan(2)
    expect(cancelled).toBe(true)
  })
})
