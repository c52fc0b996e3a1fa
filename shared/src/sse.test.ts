import { describe, expect, it } from 'vitest'
import type { WidgetEvent } from './protocol.ts'
import { encodeEvent, PING_FRAME, parseEvent, readEventStream } from './sse.ts'

const events: WidgetEvent[] = [
  { type: 'start', conversationId: 'c1', messageId: 'm1', taskId: 't1' },
  { type: 'status', label: 'Searching the knowledge base' },
  { type: 'delta', text: 'Grüße 👋 ' },
  { type: 'delta', text: '你好\nnext line' },
  { type: 'replace', text: 'moderated' },
  { type: 'file', url: 'https://dify.example/files/a.png', fileType: 'image' },
  {
    type: 'form',
    form: {
      token: 'signed',
      title: 'Approval',
      content: 'Notes: {{#$output.notes#}}',
      fields: [{ name: 'notes', type: 'paragraph', default: 'ok' }],
      actions: [{ id: 'approve', title: 'Approve', style: 'primary' }],
      expiresAt: 1_747_129_600_000,
    },
  },
  {
    type: 'end',
    messageId: 'm1',
    sources: [{ title: 'Doc', snippet: 'text', url: 'https://x.y' }],
  },
  { type: 'error', code: 'upstream_timeout', message: 'Timed out', retryable: true },
]

function streamOf(bytes: Uint8Array, chunkSize: number): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += chunkSize)
        controller.enqueue(bytes.slice(i, i + chunkSize))
      controller.close()
    },
  })
}

async function decodeAll(body: ReadableStream<Uint8Array>): Promise<WidgetEvent[]> {
  const out: WidgetEvent[] = []
  await readEventStream(body, (e) => out.push(e))
  return out
}

describe('parseEvent: text generators and workflows', () => {
  it('takes a start with no conversation, and an end with text outputs', () => {
    expect(parseEvent('start', '{"conversationId":"","messageId":"m","taskId":"t"}')).toEqual({
      type: 'start',
      conversationId: '',
      messageId: 'm',
      taskId: 't',
    })
    expect(
      parseEvent('end', '{"messageId":"r","sources":[],"outputs":{"result":"Hi","n":2}}'),
    ).toEqual({ type: 'end', messageId: 'r', sources: [], outputs: { result: 'Hi' } })
  })
})

describe('encodeEvent', () => {
  it('writes the type as the event name and the rest as one line of JSON data', () => {
    expect(encodeEvent({ type: 'delta', text: 'a\nb' })).toBe(
      'event: delta\ndata: {"text":"a\\nb"}\n\n',
    )
  })

  it('puts a file event’s file type under `type` on the wire', () => {
    expect(encodeEvent({ type: 'file', url: 'u', fileType: 'image' })).toBe(
      'event: file\ndata: {"url":"u","type":"image"}\n\n',
    )
  })
})

describe('readEventStream', () => {
  const wire = new TextEncoder().encode(
    events.map((e, i) => (i === 2 ? PING_FRAME : '') + encodeEvent(e)).join(''),
  )

  it('round-trips every event type', async () => {
    expect(await decodeAll(streamOf(wire, wire.length))).toEqual(events)
  })

  it('survives chunks split at every byte, inside multi-byte characters too', async () => {
    for (const size of [1, 2, 3, 5, 7]) {
      expect(await decodeAll(streamOf(wire, size))).toEqual(events)
    }
  })

  it('skips unknown event types and malformed data', async () => {
    const text =
      'event: secret\ndata: {"x":1}\n\nevent: delta\ndata: not json\n\nevent: delta\ndata: {"text":"ok"}\n\n'
    const bytes = new TextEncoder().encode(text)
    expect(await decodeAll(streamOf(bytes, 4))).toEqual([{ type: 'delta', text: 'ok' }])
  })
})

describe('parseEvent', () => {
  it('rejects events missing required fields', () => {
    expect(parseEvent('start', '{"conversationId":"c"}')).toBeNull()
    expect(parseEvent('delta', '{"text":1}')).toBeNull()
    expect(parseEvent('end', '{}')).toBeNull()
  })

  it('takes a form only with a token, texts, a deadline and at least one well-formed action', () => {
    const form = {
      token: 't',
      title: 'T',
      content: 'C',
      fields: [{ name: 'n', type: 'select', default: 3 }],
      actions: [{ id: 'a', title: 'A', style: 'loud' }],
      expiresAt: 1,
    }
    const parsed = (f: unknown) => parseEvent('form', JSON.stringify({ form: f }))
    expect(parsed(form)).toEqual({
      type: 'form',
      form: {
        ...form,
        fields: [{ name: 'n', type: 'text_input', default: '' }],
        actions: [{ id: 'a', title: 'A', style: 'default' }],
      },
    })
    expect(parsed({ ...form, token: 1 })).toBeNull()
    expect(parsed({ ...form, expiresAt: '1' })).toBeNull()
    expect(parsed({ ...form, actions: [] })).toBeNull()
    expect(parsed({ ...form, actions: [{ id: 'a' }] })).toBeNull()
    expect(parsed({ ...form, fields: [{}] })).toBeNull()
    expect(parsed(null)).toBeNull()
  })

  it('falls back to upstream_error for an unknown error code', () => {
    expect(parseEvent('error', '{"code":"weird","message":"m"}')).toEqual({
      type: 'error',
      code: 'upstream_error',
      message: 'm',
      retryable: false,
    })
  })
})
