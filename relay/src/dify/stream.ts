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

type ReadResult = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>> | 'timeout'

function readWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  ms: number,
): Promise<ReadResult> {
  if (ms <= 0) return Promise.resolve('timeout')
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms)
  })
  return Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer))
}

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
  try {
    for (;;) {
      const limit = seenFrame ? timeouts.idleTimeoutMs : timeouts.firstByteTimeoutMs
      let result: ReadResult
      try {
        result = await readWithin(reader, lastFrameAt + limit - Date.now())
      } catch {
        return // connection reset mid-body: the caller sees an early end
      }
      if (result === 'timeout') throw timeoutError()
      if (result.done) {
        // A frame without its closing blank line is incomplete, so it is dropped, as the SSE spec says.
        parser.feed(decoder.decode())
        yield* queue.splice(0)
        return
      }
      parser.feed(decoder.decode(result.value, { stream: true }))
      if (queue.length > 0) {
        seenFrame = true
        yield* queue.splice(0)
        lastFrameAt = Date.now()
      }
    }
  } finally {
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
      yield* result.events
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
