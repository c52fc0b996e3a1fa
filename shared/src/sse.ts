/**
 * The widget event stream's SSE framing: encode on the relay, decode in the widget.
 * Decoding uses `eventsource-parser`, fed with text decoded in streaming mode so that a
 * multi-byte character split across network chunks survives.
 */
import { createParser } from 'eventsource-parser'
import { isErrorCode } from './errors.ts'
import type { HumanInputForm, Source, WidgetEvent } from './protocol.ts'
import { WIDGET_EVENT_TYPES } from './protocol.ts'

/**
 * One SSE frame for a widget event.
 *
 * @example
 * encodeEvent({ type: 'delta', text: 'Hi' }) // 'event: delta\ndata: {"text":"Hi"}\n\n'
 */
export function encodeEvent(event: WidgetEvent): string {
  const { type, ...data } = event
  const wire = event.type === 'file' ? { url: event.url, type: event.fileType } : data
  return `event: ${type}\ndata: ${JSON.stringify(wire)}\n\n`
}

/** An SSE comment frame; keeps idle connections (and proxies) alive. */
export const PING_FRAME = ': ping\n\n'

/** A workflow's `end.outputs`: the text values only (the relay sends every value as text). */
function toOutputs(value: unknown): Record<string, string> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const entries = Object.entries(value).filter(
    (e): e is [string, string] => typeof e[1] === 'string',
  )
  return Object.fromEntries(entries)
}

/** Parses one frame's `event` name and `data` text into a widget event, or null when it is not one. */
export function parseEvent(type: string | undefined, data: string): WidgetEvent | null {
  if (!type || !(WIDGET_EVENT_TYPES as readonly string[]).includes(type)) return null
  let json: unknown
  try {
    json = JSON.parse(data)
  } catch {
    return null
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null
  const d = json as Record<string, unknown>
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : null)
  switch (type) {
    case 'start': {
      const conversationId = str('conversationId')
      const messageId = str('messageId')
      const taskId = str('taskId')
      // A text generator's or a workflow's run has no conversation: its id is ''.
      return conversationId !== null && messageId && taskId !== null
        ? { type, conversationId, messageId, taskId }
        : null
    }
    case 'delta':
    case 'replace': {
      const text = str('text')
      return text === null ? null : { type, text }
    }
    case 'status': {
      const label = str('label')
      return label === null ? null : { type, label }
    }
    case 'file': {
      const url = str('url')
      return url === null ? null : { type, url, fileType: str('type') ?? 'file' }
    }
    case 'form': {
      const form = toForm(d.form)
      return form && { type, form }
    }
    case 'end': {
      const messageId = str('messageId')
      if (messageId === null) return null
      const sources = Array.isArray(d.sources) ? d.sources.flatMap(toSource) : []
      const outputs = toOutputs(d.outputs)
      return outputs ? { type, messageId, sources, outputs } : { type, messageId, sources }
    }
    case 'error': {
      const code = str('code')
      return {
        type,
        code: isErrorCode(code) ? code : 'upstream_error',
        message: str('message') ?? 'Something went wrong.',
        retryable: d.retryable === true,
      }
    }
    default:
      return null
  }
}

function toSource(value: unknown): Source[] {
  if (typeof value !== 'object' || value === null) return []
  const v = value as Record<string, unknown>
  if (typeof v.title !== 'string') return []
  const snippet = typeof v.snippet === 'string' ? v.snippet : ''
  return typeof v.url === 'string'
    ? [{ title: v.title, snippet, url: v.url }]
    : [{ title: v.title, snippet }]
}

const STYLES = ['primary', 'default', 'accent', 'ghost'] as const

/** A human-input form as the relay sends it, or null when a part is missing or of the wrong kind. */
function toForm(value: unknown): HumanInputForm | null {
  const f = (value ?? {}) as Record<string, unknown>
  const { token, title, content, fields, actions, expiresAt } = f
  const list = (v: unknown) => (Array.isArray(v) ? (v as Record<string, unknown>[]) : [])
  const ok = list(actions).every((a) => typeof a?.id === 'string' && typeof a.title === 'string')
  if (
    typeof token !== 'string' ||
    typeof title !== 'string' ||
    typeof content !== 'string' ||
    typeof expiresAt !== 'number' ||
    !list(actions).length ||
    !ok ||
    !list(fields).every((x) => typeof x?.name === 'string')
  ) {
    return null
  }
  return {
    token,
    title,
    content,
    fields: list(fields).map((x) => ({
      name: x.name as string,
      type: x.type === 'paragraph' ? 'paragraph' : 'text_input',
      default: typeof x.default === 'string' ? x.default : '',
    })),
    actions: list(actions).map((a) => ({
      id: a.id as string,
      title: a.title as string,
      style: STYLES.find((s) => s === a.style) ?? 'default',
    })),
    expiresAt,
  }
}

/**
 * Reads a `text/event-stream` body and calls `onEvent` for each widget event, in order.
 * Unknown event types and malformed frames are skipped. Resolves when the body ends.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: WidgetEvent) => void,
): Promise<void> {
  const decoder = new TextDecoder()
  const parser = createParser({
    onEvent(message) {
      const event = parseEvent(message.event, message.data)
      if (event) onEvent(event)
    },
  })
  const reader = body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      parser.feed(decoder.decode(value, { stream: true }))
    }
    parser.feed(decoder.decode())
  } finally {
    reader.releaseLock()
  }
}
