/**
 * Widget events → the text of the `text/event-stream` answer sent to the visitor: pings while
 * quiet, events batched, the stream ended at the terminal event or cut at shutdown. A visitor who
 * goes away only stops the writing: the events (and so Dify's body) are still drained, so Dify
 * completes and saves the answer, which the widget later recovers from history.
 */
import type { WidgetEvent } from '@parley/shared'
import { encodeEvent, PING_FRAME } from '@parley/shared'
import type { EventSink, EventSource } from '../dify/answer-events.ts'
import type { Reading } from '../dify/push.ts'

export interface AnswerStreamOptions {
  /** The visitor's request signal: aborted when they disconnect. */
  signal?: AbortSignal
  /** A `: ping` comment after this much quiet, for proxies that cut idle connections. */
  pingIntervalMs?: number
  /** Called once the upstream is fully drained (or failed). */
  onDrained?: () => void
  /** Aborted when the relay is about to drop its connections (shutdown): the stream ends first. */
  closing?: AbortSignal
  /** Hears each upstream event written to the visitor (metrics). */
  onEvent?: (event: WidgetEvent) => void
  /** Called once when the visitor's stream is over: ended, cut, or the visitor went away. */
  onEnd?: () => void
}

/** Where the text goes: the answer's web stream, or a runtime's socket (see `takeAnswer`). */
export interface AnswerOutput {
  write(text: string): void
  end(): void
}

const RELAY_FAULT: WidgetEvent = {
  type: 'error',
  code: 'upstream_error',
  message: 'Something went wrong in the relay. Please try again.',
  retryable: true,
}

/** So the widget can tell a cut from an end, and offer to try again. */
const SHUTTING_DOWN: WidgetEvent = {
  type: 'error',
  code: 'upstream_unavailable',
  message: 'The assistant is restarting. Please try again in a moment.',
  retryable: true,
}

/**
 * Where the runtime has `setImmediate` (Node, Bun, Deno), the frames written while one batch of
 * upstream bytes is processed go out as one chunk, right after: one write instead of one per
 * event when the relay is catching up. Elsewhere each is sent at once.
 */
const { setImmediate } = globalThis as { setImmediate?: (fn: () => void) => unknown }

/**
 * Events written within this long of the last chunk sent wait and go out with it: a visitor's
 * browser then reads a few network chunks a second instead of one per delta (the widget renders at
 * most every 100 ms anyway). The first event after a quiet spell, and an answer's end, go at once.
 */
const COALESCE_MS = 40

/** One answer's writing. A class: it lives as long as the answer, and its methods are shared. */
export class AnswerWriter implements EventSink {
  readonly #options: AnswerStreamOptions
  readonly #pingMs: number
  /** Unset once the visitor's side is over: ended, cut, or gone. */
  #out: AnswerOutput | undefined
  /** Whether any text (or the end) went to `#out`. */
  #used = false
  #reading: Reading | undefined
  #pending = ''
  #flushQueued = false
  #lastFlushAt = 0
  #coalescing: ReturnType<typeof setTimeout> | undefined
  // One ping timer per answer, re-armed only when it fires: events just move `#quietSince` on.
  #ping: ReturnType<typeof setTimeout> | undefined
  #quietSince = Date.now()
  /** The terminal event (or the shutdown cut) was written: later events are dropped. */
  #terminal = false
  #drained = false

  constructor(out: AnswerOutput, options: AnswerStreamOptions) {
    this.#out = out
    this.#options = options
    this.#pingMs = options.pingIntervalMs ?? 15_000
  }

  /** Starts the pings and the events. */
  start(events: EventSource): void {
    const { signal, closing } = this.#options
    this.#ping = setTimeout(this.#onPing, this.#pingMs)
    signal?.addEventListener('abort', this.detach, { once: true })
    if (closing?.aborted) this.#cut()
    else closing?.addEventListener('abort', this.#cut, { once: true })
    this.#reading = events.start(this)
  }

  /**
   * From now on the text goes to the output `open` returns (called at once); the one before is
   * let go. Null, without calling `open`, when text already went out the one before.
   */
  redirect(open: () => AnswerOutput): (() => void) | null {
    if (this.#used) return null
    const out = open()
    if (!this.#out) {
      // The visitor left before any text went out: there is nothing to send.
      out.end()
      return () => {}
    }
    this.#out = out
    return this.detach
  }

  /** The visitor's side is over: the writing stops (the events go on being drained). */
  readonly detach = (): void => {
    if (!this.#out) return
    this.#out = undefined
    this.#pending = ''
    clearTimeout(this.#ping)
    clearTimeout(this.#coalescing)
    this.#options.signal?.removeEventListener('abort', this.detach)
    // The relay-wide signal outlives every answer: a listener left on it would keep the answer.
    this.#options.closing?.removeEventListener('abort', this.#cut)
    this.#options.onEnd?.()
  }

  event(event: WidgetEvent): void {
    if (this.#terminal || this.#drained) return
    try {
      this.#write(encodeEvent(event))
      if (this.#out) this.#options.onEvent?.(event)
      if (event.type === 'end' || event.type === 'error') {
        this.#terminal = true
        this.#close() // the visitor is done; the events go on being drained from Dify
      } else {
        this.#quietSince = Date.now()
      }
    } catch {
      this.#reading?.stop()
      this.fail()
    }
  }

  end(): void {
    if (this.#drained) return
    this.#drained = true
    this.#close()
    this.#options.onDrained?.()
  }

  /** A fault of the relay's own: the visitor gets a retryable error rather than a silent end. */
  fail(): void {
    if (this.#drained) return
    if (!this.#terminal) {
      this.#terminal = true
      this.#write(encodeEvent(RELAY_FAULT))
    }
    this.end()
  }

  #write(text: string): void {
    if (!this.#out) return
    this.#pending += text
    if (this.#flushQueued) return
    const wait = this.#lastFlushAt + COALESCE_MS - Date.now()
    if (wait > 0) {
      this.#flushQueued = true
      this.#coalescing = setTimeout(this.#flush, wait)
    } else if (!setImmediate) this.#flush()
    else {
      this.#flushQueued = true
      setImmediate(this.#flush)
    }
  }

  readonly #flush = (): void => {
    this.#flushQueued = false
    clearTimeout(this.#coalescing)
    const out = this.#out
    if (!out || this.#pending === '') return
    this.#lastFlushAt = Date.now()
    const text = this.#pending
    this.#pending = ''
    this.#used = true
    try {
      out.write(text)
    } catch {
      this.detach()
    }
  }

  #close(): void {
    const out = this.#out
    if (!out) return
    this.#flush()
    this.detach()
    this.#used = true
    try {
      out.end()
    } catch {
      // Already closed by a cancelled reader.
    }
  }

  readonly #onPing = (): void => {
    if (!this.#out) return
    const left = this.#quietSince + this.#pingMs - Date.now()
    if (left > 0) {
      this.#ping = setTimeout(this.#onPing, left)
      return
    }
    this.#write(PING_FRAME)
    this.#quietSince = Date.now()
    this.#ping = setTimeout(this.#onPing, this.#pingMs)
  }

  readonly #cut = (): void => {
    if (this.#terminal) return
    this.#terminal = true
    this.#write(encodeEvent(SHUTTING_DOWN))
    this.#close()
  }
}
