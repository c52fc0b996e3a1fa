import { getEventListeners } from 'node:events'
import type { WidgetEvent } from '@parley/shared'
import { describe, expect, it } from 'vitest'
import { answerStream } from './answer-stream.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function* slowly(events: WidgetEvent[], gapMs: number): AsyncGenerator<WidgetEvent> {
  for (const event of events) {
    await sleep(gapMs)
    yield event
  }
}

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
    async function* events(): AsyncGenerator<WidgetEvent> {
      yield start
      yield end
      await sleep(20)
      yield { type: 'delta', text: 'after the end' }
    }
    const text = await new Response(
      answerStream(events(), {
        onDrained: () => {
          drained = true
        },
      }),
    ).text()
    expect(text).not.toContain('after the end')
    for (let i = 0; i < 20 && !drained; i++) await sleep(5)
    expect(drained).toBe(true)
  })

  it('turns a relay fault into a retryable error event', async () => {
    async function* broken(): AsyncGenerator<WidgetEvent> {
      yield start
      throw new Error('bug')
    }
    const text = await new Response(answerStream(broken())).text()
    expect(text).toContain('event: error\ndata: {"code":"upstream_error"')
    expect(text).not.toContain('bug')
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
