import { getEventListeners } from 'node:events'
import type { WidgetEvent } from '@parley/shared'
import { describe, expect, it } from 'vitest'
import { scriptedEvents } from '../../test/push-kit.ts'
import { answerStream, takeAnswer } from './answer-stream.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const slowly = (events: (WidgetEvent | Error)[], gapMs: number) =>
  scriptedEvents(events, gapMs).source

const start: WidgetEvent = { type: 'start', conversationId: 'c', messageId: 'm', taskId: 't' }
const end: WidgetEvent = { type: 'end', messageId: 'm', sources: [] }

describe('answerStream', () => {
  it('writes a ping comment while the upstream is quiet', async () => {
    const text = await new Response(
      answerStream(slowly([start, end], 60), { pingIntervalMs: 25 }),
    ).text()
    expect(text).toContain(': ping\n\n')
    expect(text.startsWith(': ping\n\n')).toBe(true)
    expect(text.endsWith('event: end\ndata: {"messageId":"m","sources":[]}\n\n')).toBe(true)
  })

  it('writes no ping when events keep flowing', async () => {
    const text = await new Response(
      answerStream(slowly([start, end], 1), { pingIntervalMs: 200 }),
    ).text()
    expect(text).not.toContain(': ping')
  })

  it('closes the visitor stream at the terminal event and still drains the rest', async () => {
    let drained = false
    const events = scriptedEvents([start, end, { type: 'delta', text: 'after the end' }], 10)
    const text = await new Response(
      answerStream(events.source, {
        onDrained: () => {
          drained = true
        },
      }),
    ).text()
    expect(text).not.toContain('after the end')
    expect(drained).toBe(false)
    for (let i = 0; i < 20 && !drained; i++) await sleep(5)
    expect(drained).toBe(true)
    expect(events.sent).toBe(3)
    expect(events.stopped).toBe(false)
  })

  it('turns a relay fault into a retryable error event', async () => {
    let drained = false
    const text = await new Response(
      answerStream(slowly([start, new Error('bug')], 1), { onDrained: () => (drained = true) }),
    ).text()
    expect(text).toContain('event: error\ndata: {"code":"upstream_error"')
    expect(text).toContain('"retryable":true')
    expect(text).not.toContain('bug')
    expect(drained).toBe(true)
  })

  it('stops reading the events after a fault in writing them', async () => {
    const events = scriptedEvents([start, { type: 'delta', text: 'x' }, end], 5)
    let drained = false
    const text = await new Response(
      answerStream(events.source, {
        onEvent: (e) => {
          if (e.type === 'delta') throw new Error('bug')
        },
        onDrained: () => (drained = true),
      }),
    ).text()
    expect(text).toMatch(
      /^event: start\n.*event: delta\n.*event: error\ndata: \{"code":"upstream_error"/s,
    )
    expect(text).not.toContain('event: end')
    expect(events.stopped).toBe(true)
    expect(drained).toBe(true)
  })

  it('ends an open stream with a retryable error when the relay is closing, and lets go of it after', async () => {
    const closing = new AbortController()
    const finished = await new Response(
      answerStream(slowly([start, end], 1), { closing: closing.signal }),
    ).text()
    expect(finished).toContain('event: end')
    // A stream that ended leaves nothing on the relay-wide signal (it would be kept alive by it).
    expect(getEventListeners(closing.signal, 'abort')).toHaveLength(0)
    const open = new Response(
      answerStream(slowly([start, end], 200), { closing: closing.signal }),
    ).text()
    await sleep(20)
    closing.abort()
    const cut = await open
    expect(cut).toContain('event: error\ndata: {"code":"upstream_unavailable"')
    expect(cut).toContain('"retryable":true')
    expect(cut).not.toContain('event: end')
  })

  it('cuts an answer begun once the relay is already closing, and still drains it', async () => {
    const closing = new AbortController()
    closing.abort()
    let drained = false
    const events = scriptedEvents([start, end], 5)
    const text = await new Response(
      answerStream(events.source, { closing: closing.signal, onDrained: () => (drained = true) }),
    ).text()
    expect(text).toMatch(/^event: error\ndata: \{"code":"upstream_unavailable"/)
    for (let i = 0; i < 20 && !drained; i++) await sleep(5)
    expect(drained).toBe(true)
    expect(events.stopped).toBe(false)
  })

  it('stops writing when the visitor goes away, and still drains the events', async () => {
    const visitor = new AbortController()
    const deltas = Array.from({ length: 5 }, (): WidgetEvent => ({ type: 'delta', text: 'x' }))
    let ended = 0
    let drained = false
    const events = scriptedEvents([start, ...deltas, end], 10)
    const reader = answerStream(events.source, {
      signal: visitor.signal,
      onEnd: () => ended++,
      onDrained: () => (drained = true),
    }).getReader()
    await reader.read()
    visitor.abort()
    expect(ended).toBe(1)
    for (let i = 0; i < 40 && !drained; i++) await sleep(5)
    expect(drained).toBe(true)
    expect(events.sent).toBe(7)
    expect(ended).toBe(1)
    expect(getEventListeners(visitor.signal, 'abort')).toHaveLength(0)
  })

  it('sends deltas that come close together in a few chunks, and the end at once', async () => {
    const deltas: WidgetEvent[] = Array.from({ length: 40 }, (_, i) => ({
      type: 'delta',
      text: `${i} `,
    }))
    const reader = answerStream(slowly([start, ...deltas, end], 2)).getReader()
    const decoder = new TextDecoder()
    const chunks: { at: number; text: string }[] = []
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      chunks.push({ at: performance.now(), text: decoder.decode(r.value) })
    }
    const text = chunks.map((c) => c.text).join('')
    // Every event, in order, however they were grouped.
    expect(text.match(/event: delta/g)).toHaveLength(40)
    expect(text.indexOf('data: {"text":"39 "}')).toBeGreaterThan(
      text.indexOf('data: {"text":"0 "}'),
    )
    // About 40 events over ~100 ms (more on a loaded machine), 40 ms apart at the most often.
    expect(chunks.length).toBeLessThan(20)
    expect(chunks.length).toBeGreaterThan(2)
    // The first event went out alone, at once.
    expect(chunks[0]?.text).toMatch(/^event: start\n/)
  })
})

describe('takeAnswer', () => {
  it('hands the text of an answer not yet read to the output it opens', async () => {
    const body = answerStream(slowly([start, end], 5))
    let text = ''
    let ended = false
    const stop = takeAnswer(body, () => ({
      write: (t) => (text += t),
      end: () => (ended = true),
    }))
    expect(stop).toBeTypeOf('function')
    for (let i = 0; i < 40 && !ended; i++) await sleep(5)
    expect(text).toMatch(/^event: start\n.*\n\nevent: end\n/s)
    expect(body.locked).toBe(false)
    // Taken once only.
    expect(takeAnswer(body, () => ({ write() {}, end() {} }))).toBeNull()
  })

  it('takes nothing from a stream that is not an answer, or one that gave out text', async () => {
    const open = () => {
      throw new Error('not opened')
    }
    expect(takeAnswer(new ReadableStream(), open)).toBeNull()
    const body = answerStream(slowly([start, end], 1))
    await body.getReader().read()
    expect(takeAnswer(body, open)).toBeNull()
  })
})
