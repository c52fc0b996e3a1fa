/**
 * Dify's SSE body → parsed data frames, and those frames → widget events for one answer.
 * Parsing is eventsource-parser's; text is decoded in stream mode so split UTF-8 survives.
 * Everything read is bounded (see UPSTREAM_LIMITS): a hostile or broken upstream ends one answer
 * with an error, never the process.
 */
import type { WidgetEvent } from '@parley/shared'
import { createParser } from 'eventsource-parser'
import { DifyError, timeoutError } from './errors.ts'
import type { FrameContext } from './events.ts'
import { initialAnswerState, mapDifyFrame } from './events.ts'
import { UPSTREAM_LIMITS } from './limits.ts'
import type { Redactor } from './redact.ts'
import { answerRedaction } from './redact-events.ts'

export interface StreamTimeouts {
  /** Silence allowed before the first data frame, counted from `startedAt`. */
  firstByteTimeoutMs: number
  /** Silence allowed between data frames. */
  idleTimeoutMs: number
  /** When the request was sent (ms since epoch); defaults to now. */
  startedAt?: number
}

export interface StreamBounds {
  /** Characters one frame may hold (a line without its end counts as it grows). */
  frameChars: number
  /** Bytes (after decompression) one answer may read. */
  streamBytes: number
  /** How long one answer may take, however steadily frames come. */
  answerMs: number
}

export type DifyFrame = Record<string, unknown>

/**
 * Frames whose loss would change the visitor's text: one of these over the frame limit ends the
 * answer. Any other oversized frame (a node's inputs and outputs, tool observations, audio) carries
 * nothing the allowlist forwards and is skipped.
 */
const TEXT_EVENTS = new Set(['message', 'agent_message', 'message_replace', 'text_chunk'])
const HEAD_CHARS = 64

/** The first HEAD_CHARS characters of the line still open after `text`, given those before it. */
function openLineHead(head: string, text: string): string {
  // Dify's chunks end in "\n\n": the LF is found at once, and a CR is looked for only after it.
  const lf = text.lastIndexOf('\n')
  const end = text.indexOf('\r', lf + 1) === -1 ? lf : text.lastIndexOf('\r')
  if (end !== -1) return text.slice(end + 1, end + 1 + HEAD_CHARS)
  return head.length < HEAD_CHARS ? head + text.slice(0, HEAD_CHARS - head.length) : head
}

const tooLarge = (reason: string) =>
  new DifyError('upstream_error', 'The assistant sent an answer too large to show.', { reason })

/**
 * Yields each data frame's JSON object in order. `event: ping` frames carry no data, so the parser
 * never dispatches them and they count as silence: a ping-only stream times out (the Chatflow hang).
 * Throws a `DifyError` (`upstream_timeout`) on silence and (`upstream_error`) past a bound; returns
 * when the body ends or breaks. `onSkip` hears of each oversized frame that was dropped.
 */
export async function* readDifyFrames(
  body: ReadableStream<Uint8Array>,
  timeouts: StreamTimeouts,
  bounds: StreamBounds = UPSTREAM_LIMITS,
  onSkip: (reason: string) => void = () => {},
): AsyncGenerator<DifyFrame> {
  const queue: DifyFrame[] = []
  let overflow = false
  const parser = createParser({
    maxBufferSize: bounds.frameChars,
    onError(error) {
      if (error.type === 'max-buffer-size-exceeded') overflow = true
    },
    onEvent(message) {
      try {
        const value: unknown = JSON.parse(message.data)
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          queue.push(value as DifyFrame)
        }
      } catch {
        // Not JSON: not a frame Dify sends, so not one we forward.
      }
    },
  })
  const decoder = new TextDecoder()
  const reader = body.getReader()
  const startedAt = timeouts.startedAt ?? Date.now()
  const endBy = startedAt + bounds.answerMs
  let lastFrameAt = startedAt
  let seenFrame = false
  let received = 0
  let head = ''
  // One timer for the whole body rather than one per read: it only cuts a read that is still
  // waiting at the deadline, and a deadline moved on by newer frames just re-arms it.
  let deadline = 0
  let reading = false
  let timedOut = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let timerAt = 0
  const arm = (at: number) => {
    clearTimeout(timer)
    timerAt = at
    timer = setTimeout(onTimer, Math.max(0, at - Date.now()))
  }
  const onTimer = () => {
    timer = undefined
    if (!reading) return // the next read arms it again
    if (Date.now() < deadline) return arm(deadline)
    timedOut = true
    // Ends the waiting read (done), as the old race against a timeout did.
    reader.cancel().catch(() => undefined)
  }
  const timeout = () =>
    Date.now() >= endBy ? timeoutError(`the answer ran past ${bounds.answerMs} ms`) : timeoutError()
  try {
    for (;;) {
      const quiet = lastFrameAt + (seenFrame ? timeouts.idleTimeoutMs : timeouts.firstByteTimeoutMs)
      deadline = Math.min(quiet, endBy)
      if (deadline - Date.now() <= 0) throw timeout()
      if (timer === undefined || timerAt > deadline) arm(deadline)
      let result: Awaited<ReturnType<typeof reader.read>>
      reading = true
      try {
        result = await reader.read()
      } catch {
        // Some runtimes (workerd) reject the read the timeout cancelled rather than ending it.
        if (timedOut) throw timeout()
        return // connection reset mid-body: the caller sees an early end
      } finally {
        reading = false
      }
      if (timedOut) throw timeout()
      if (result.done) {
        // A frame without its closing blank line is incomplete, so it is dropped, as the SSE spec says.
        parser.feed(decoder.decode())
        for (const frame of queue.splice(0)) yield frame
        return
      }
      received += result.value.byteLength
      if (received > bounds.streamBytes) {
        throw tooLarge(`the answer's stream passed ${bounds.streamBytes} bytes`)
      }
      const text = decoder.decode(result.value, { stream: true })
      const frameHead = head
      head = openLineHead(head, text)
      parser.feed(text)
      if (overflow) {
        overflow = false
        const event = /"event"\s*:\s*"([a-z_]+)"/.exec(head || frameHead)?.[1]
        const reason = `a frame (event ${event ?? 'unknown'}) passed ${bounds.frameChars} characters`
        if (event === undefined || TEXT_EVENTS.has(event)) throw tooLarge(reason)
        onSkip(reason)
        // The rest of that line no longer starts with a field name, so the parser skips it.
        parser.reset()
      }
      if (queue.length > 0) {
        seenFrame = true
        // Not `yield*`: over an array that wraps every frame in an async-from-sync iterator step.
        for (const frame of queue.splice(0)) yield frame
        lastFrameAt = Date.now()
      }
    }
  } finally {
    clearTimeout(timer)
    await reader.cancel().catch(() => undefined)
  }
}

const INTERRUPTED = 'The answer was interrupted. Please try again.'

export interface AnswerContext extends FrameContext {
  redact: Redactor
  /** Hears each failure the relay should log (limits passed, misconfiguration). */
  logFault(err: unknown): void
}

/**
 * Widget events for one answer: exactly one terminal event (`end` or `error`) comes out, whatever the
 * upstream does, with the key redacted. After it, remaining frames are still read (and dropped) until
 * the body ends or goes quiet, so Dify completes and saves the answer. An answer whose text passes
 * `maxChars` ends there with an error, and nothing more is read.
 */
export async function* answerEvents(
  frames: AsyncIterable<DifyFrame>,
  ctx: AnswerContext,
  maxChars: number = UPSTREAM_LIMITS.answerChars,
): AsyncGenerator<WidgetEvent> {
  let state = initialAnswerState()
  const filter = answerRedaction(ctx.redact)
  let chars = 0
  try {
    for await (const frame of frames) {
      const result = mapDifyFrame(frame, state, ctx)
      const wasEnded = state.ended
      state = result.state
      if (wasEnded) continue
      for (const event of result.events) {
        if (event.type === 'delta') chars += event.text.length
        else if (event.type === 'replace') chars = event.text.length
        if (chars > maxChars) {
          const err = tooLarge(`the answer's text passed ${maxChars} characters`)
          ctx.logFault(err)
          yield* filter(errorEvent(err))
          return
        }
        yield* filter(event)
      }
    }
  } catch (err) {
    ctx.logFault(err)
    if (state.ended) return
    if (err instanceof DifyError) {
      yield* filter(errorEvent(err))
      return
    }
    throw err
  }
  if (!state.ended) {
    yield* filter({ type: 'error', code: 'upstream_error', message: INTERRUPTED, retryable: true })
  }
}

const errorEvent = (err: DifyError): WidgetEvent => ({
  type: 'error',
  code: err.code,
  message: err.message,
  retryable: err.retryable,
})
