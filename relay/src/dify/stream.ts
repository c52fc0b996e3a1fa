/**
 * Dify's SSE body → parsed data frames, and those frames → widget events for one answer.
 * Parsing is eventsource-parser's; text is decoded in stream mode so split UTF-8 survives.
 */
import type { WidgetEvent } from '@parley/shared'
import { createParser } from 'eventsource-parser'
import { DifyError, timeoutError } from './errors.ts'
import type { FrameContext } from './events.ts'
import { initialAnswerState, mapDifyFrame } from './events.ts'

export interface StreamTimeouts {
  /** Silence allowed before the first data frame, counted from `startedAt`. */
  firstByteTimeoutMs: number
  /** Silence allowed between data frames. */
  idleTimeoutMs: number
  /** When the request was sent (ms since epoch); defaults to now. */
  startedAt?: number
}

export type DifyFrame = Record<string, unknown>

/**
 * Yields each data frame's JSON object in order. `event: ping` frames carry no data, so the parser
 * never dispatches them and they count as silence: a ping-only stream times out (the Chatflow hang).
 * Throws a `DifyError` (`upstream_timeout`) on silence; returns when the body ends or breaks.
 */
export async function* readDifyFrames(
  body: ReadableStream<Uint8Array>,
  timeouts: StreamTimeouts,
): AsyncGenerator<DifyFrame> {
  const queue: DifyFrame[] = []
  const parser = createParser({
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
  let lastFrameAt = timeouts.startedAt ?? Date.now()
  let seenFrame = false
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
  try {
    for (;;) {
      deadline = lastFrameAt + (seenFrame ? timeouts.idleTimeoutMs : timeouts.firstByteTimeoutMs)
      if (deadline - Date.now() <= 0) throw timeoutError()
      if (timer === undefined || timerAt > deadline) arm(deadline)
      let result: Awaited<ReturnType<typeof reader.read>>
      reading = true
      try {
        result = await reader.read()
      } catch {
        // Some runtimes (workerd) reject the read the timeout cancelled rather than ending it.
        if (timedOut) throw timeoutError()
        return // connection reset mid-body: the caller sees an early end
      } finally {
        reading = false
      }
      if (timedOut) throw timeoutError()
      if (result.done) {
        // A frame without its closing blank line is incomplete, so it is dropped, as the SSE spec says.
        parser.feed(decoder.decode())
        for (const frame of queue.splice(0)) yield frame
        return
      }
      parser.feed(decoder.decode(result.value, { stream: true }))
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

/**
 * Widget events for one answer: exactly one terminal event (`end` or `error`) comes out, whatever the
 * upstream does. After it, remaining frames are still read (and dropped) until the body ends or goes
 * quiet, so Dify completes and saves the answer.
 */
export async function* answerEvents(
  frames: AsyncIterable<DifyFrame>,
  ctx: FrameContext,
): AsyncGenerator<WidgetEvent> {
  let state = initialAnswerState()
  try {
    for await (const frame of frames) {
      const result = mapDifyFrame(frame, state, ctx)
      state = result.state
      for (const event of result.events) yield event
    }
  } catch (err) {
    if (state.ended) return
    if (err instanceof DifyError) {
      yield { type: 'error', code: err.code, message: err.message, retryable: err.retryable }
      return
    }
    throw err
  }
  if (!state.ended) {
    yield { type: 'error', code: 'upstream_error', message: INTERRUPTED, retryable: true }
  }
}
