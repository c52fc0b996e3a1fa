/**
 * Dify's streamed answer → its data frames, pushed as the bytes come. Everything read is bounded
 * (see UPSTREAM_LIMITS) and timed: a hostile or broken upstream ends one answer with a
 * `DifyError`, never the process.
 */
import { type ByteSink, type ByteSource, bytesOf } from './byte-source.ts'
import { type DifyError, timeoutError } from './errors.ts'
import { type DifyFrame, FrameParser } from './frame-parser.ts'
import { type StreamBounds, UPSTREAM_LIMITS } from './limits.ts'
import type { Reading, Source } from './push.ts'

export type { DifyFrame } from './frame-parser.ts'

export interface StreamTimeouts {
  /** Silence allowed before the first data frame, counted from `startedAt`. */
  firstByteTimeoutMs: number
  /** Silence allowed between data frames. */
  idleTimeoutMs: number
  /** When the request was sent (ms since epoch); defaults to now. */
  startedAt?: number
}

/**
 * Each frame, then `end` (the body ended, or broke off: the caller sees an early end) or `fail`
 * (a `DifyError`: `upstream_timeout` on silence, `upstream_error` past a bound).
 */
export interface FrameSink {
  frame(frame: DifyFrame): void
  end(): void
  fail(err: unknown): void
}

export type FrameSource = Source<FrameSink>

/**
 * The data frames of `body`, in order. Pings carry no data, so they count as silence: a
 * ping-only stream times out (the Chatflow hang). `onSkip` hears of each oversized frame dropped.
 * After a failure or `stop()`, the body is cancelled.
 */
export function readDifyFrames(
  body: ReadableStream<Uint8Array>,
  timeouts: StreamTimeouts,
  bounds: StreamBounds = UPSTREAM_LIMITS,
  onSkip: (reason: string) => void = () => {},
): FrameSource {
  return {
    start: (sink) => new FrameReader(bytesOf(body), timeouts, bounds, onSkip, sink),
  }
}

/** When an answer must be over: silence before its first frame and between frames, and in all. */
class Deadlines {
  readonly #timeouts: StreamTimeouts
  readonly #endBy: number
  readonly #answerMs: number
  #lastFrameAt: number
  #seenFrame = false

  constructor(timeouts: StreamTimeouts, answerMs: number) {
    const startedAt = timeouts.startedAt ?? Date.now()
    this.#timeouts = timeouts
    this.#answerMs = answerMs
    this.#endBy = startedAt + answerMs
    this.#lastFrameAt = startedAt
  }

  /** A data frame came: the silence counts from now. */
  framed(): void {
    this.#seenFrame = true
    this.#lastFrameAt = Date.now()
  }

  /** The moment the answer times out, as things stand. */
  get next(): number {
    const t = this.#timeouts
    const quiet = this.#lastFrameAt + (this.#seenFrame ? t.idleTimeoutMs : t.firstByteTimeoutMs)
    return Math.min(quiet, this.#endBy)
  }

  /** The timeout's error: the answer took too long in all, or went quiet. */
  error(): DifyError {
    return Date.now() >= this.#endBy
      ? timeoutError(`the answer ran past ${this.#answerMs} ms`)
      : timeoutError()
  }
}

/** One answer's reading. A class: it lives as long as the answer, and its methods are shared. */
class FrameReader implements ByteSink, Reading {
  readonly #parser: FrameParser
  readonly #deadlines: Deadlines
  readonly #sink: FrameSink
  readonly #bytes: Reading
  #over = false
  // One timer for the whole answer: a deadline moved on by newer frames re-arms it when it fires,
  // one moved closer (the first frame: from the first-byte to the idle timeout) at once.
  #timer: ReturnType<typeof setTimeout> | undefined
  #timerAt = 0
  readonly #onTimer = () => {
    const at = this.#deadlines.next
    if (Date.now() < at) this.#arm(at)
    else this.#finish(this.#deadlines.error())
  }

  constructor(
    bytes: ByteSource,
    timeouts: StreamTimeouts,
    bounds: StreamBounds,
    onSkip: (reason: string) => void,
    sink: FrameSink,
  ) {
    this.#parser = new FrameParser(bounds, onSkip)
    this.#deadlines = new Deadlines(timeouts, bounds.answerMs)
    this.#sink = sink
    // Already past (a slow start): the timer fires at once, after `start` has returned.
    this.#arm(this.#deadlines.next)
    try {
      this.#bytes = bytes.start(this)
    } catch (err) {
      clearTimeout(this.#timer)
      throw err
    }
  }

  #arm(at: number): void {
    clearTimeout(this.#timer)
    this.#timerAt = at
    this.#timer = setTimeout(this.#onTimer, Math.max(0, at - Date.now()))
  }

  /** `ended`: the body is over by itself, so there is nothing to cancel. */
  #finish(err: unknown, ended = false): void {
    if (this.#over) return
    this.#over = true
    clearTimeout(this.#timer)
    if (!ended) this.#bytes.stop()
    if (err === undefined) this.#sink.end()
    else this.#sink.fail(err)
  }

  /** Hands the parsed frames on; the silence counts from now. */
  #deliver(): void {
    const queue = this.#parser.queue
    if (queue.length === 0) return
    for (let i = 0; i < queue.length && !this.#over; i++) this.#sink.frame(queue[i] as DifyFrame)
    queue.length = 0
    this.#deadlines.framed()
    const at = this.#deadlines.next
    if (!this.#over && at < this.#timerAt) this.#arm(at)
  }

  data(bytes: Uint8Array): void {
    if (this.#over) return
    try {
      this.#parser.feed(bytes)
    } catch (err) {
      this.#finish(err)
      return
    }
    this.#deliver()
  }

  end(): void {
    if (this.#over) return
    this.#parser.end()
    this.#deliver()
    this.#finish(undefined, true)
  }

  /** A connection reset mid-body: an early end, which the next layer reports as interrupted. */
  fail(): void {
    this.#finish(undefined, true)
  }

  stop(): void {
    if (this.#over) return
    this.#over = true
    clearTimeout(this.#timer)
    this.#bytes.stop()
  }
}
