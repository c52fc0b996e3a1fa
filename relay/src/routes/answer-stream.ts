/** An answer's widget events → the `text/event-stream` body sent to the visitor (see answer-writer.ts). */
import type { EventSource } from '../dify/answer-events.ts'
import { type AnswerOutput, type AnswerStreamOptions, AnswerWriter } from './answer-writer.ts'

export type { AnswerOutput, AnswerStreamOptions } from './answer-writer.ts'

/** Stateless, so one serves every answer. */
const encoder = new TextEncoder()

/** The one registry: a runtime entry (Node's) taking an answer's text to write it to its socket. */
const writers = new WeakMap<ReadableStream<Uint8Array>, AnswerWriter>()

export function answerStream(
  events: EventSource,
  options: AnswerStreamOptions = {},
): ReadableStream<Uint8Array> {
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined
  const writer = new AnswerWriter(
    {
      write: (text) => controller?.enqueue(encoder.encode(text)),
      end: () => controller?.close(),
    },
    options,
  )
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c
    },
    cancel: writer.detach,
  })
  writers.set(stream, writer)
  writer.start(events)
  return stream
}

/**
 * For a runtime entry that writes to the socket itself: the text of `body`'s answer (a stream from
 * `answerStream`) goes from now on to the output `open` returns (called at once), and the stream is
 * left unread. Returns what to call when the visitor goes away; null, without calling `open`, when
 * `body` is not an answer's or already gave out text (then it is read as usual).
 */
export function takeAnswer(
  body: ReadableStream<Uint8Array>,
  open: () => AnswerOutput,
): (() => void) | null {
  const writer = writers.get(body)
  writers.delete(body)
  return writer?.redirect(open) ?? null
}
