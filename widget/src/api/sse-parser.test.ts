import type { WidgetEvent } from '@parley/shared'
import { encodeEvent, readEventStream } from '@parley/shared'
import { describe, expect, it } from 'vitest'

function stream(chunks: Uint8Array[]) {
  return new ReadableStream<Uint8Array>({
    start(c) {
      for (const chunk of chunks) c.enqueue(chunk)
      c.close()
    },
  })
}

const events: WidgetEvent[] = [
  { type: 'start', conversationId: 'c', messageId: 'm', taskId: 't' },
  { type: 'delta', text: 'Grüße 👋 — 你好' },
  { type: 'end', messageId: 'm', sources: [] },
]

describe('readEventStream with the widget SSE parser', () => {
  it('survives frames and multi-byte characters split at every byte', async () => {
    const bytes = new TextEncoder().encode(`: ping\n\n${events.map(encodeEvent).join('')}`)
    const got: WidgetEvent[] = []
    await readEventStream(stream([...bytes].map((b) => Uint8Array.of(b))), (e) => got.push(e))
    expect(got).toEqual(events)
  })

  it('handles CRLF, multi-line data and unknown fields', async () => {
    const text =
      'event: delta\r\nid: 1\r\ndata: {"text":\r\ndata: "a"}\r\n\r\nevent: nope\ndata: {}\n\n'
    const bytes = new TextEncoder().encode(text)
    const got: WidgetEvent[] = []
    await readEventStream(stream([bytes.slice(0, 13), bytes.slice(13, 40), bytes.slice(40)]), (e) =>
      got.push(e),
    )
    expect(got).toEqual([{ type: 'delta', text: 'a' }])
  })
})
