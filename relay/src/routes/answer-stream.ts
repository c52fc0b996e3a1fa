/**
 * Widget events → the `text/event-stream` body sent to the visitor. A visitor who goes away only
 * stops the writing: the events (and so Dify's body) are still drained, so Dify completes and
 * saves the answer, which the widget later recovers from history.
 */
import type { WidgetEvent } from '@parley/shared'
import { encodeEvent, PING_FRAME } from '@parley/shared'

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
 * upstream bytes is processed go out as one chunk, right after: one encode, one enqueue and one
 * socket write instead of one per event when the relay is catching up. Elsewhere each is sent at once.
 */
const { setImmediate } = globalThis as { setImmediate?: (fn: () => void) => unknown }
const afterThisTurn: ((flush: () => void) => void) | undefined = setImmediate
  ? (flush) => void setImmediate(flush)
  : undefined

/**
 * Events written within this long of the last chunk sent wait and go out with it: a visitor's
 * browser then reads a few network chunks a second instead of one per delta (the widget renders at
 * most every 100 ms anyway). The first event after a quiet spell, and an answer's end, go at once.
 */
const COALESCE_MS = 40

export function answerStream(
  events: AsyncIterable<WidgetEvent>,
  options: AnswerStreamOptions = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const pingMs = options.pingIntervalMs ?? 15_000
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined
  let open = true
  let pending = ''
  let flushQueued = false
  let lastFlushAt = 0
  let coalescing: ReturnType<typeof setTimeout> | undefined
  // One ping timer per stream, re-armed only when it fires: events just move `quietSince` on.
  let ping: ReturnType<typeof setTimeout> | undefined
  let quietSince = 0

  const detach = () => {
    if (!open) return
    open = false
    pending = ''
    clearTimeout(ping)
    clearTimeout(coalescing)
    // The relay-wide signal outlives every stream: a listener left on it would keep the stream.
    options.closing?.removeEventListener('abort', cut)
    options.onEnd?.()
  }
  const flush = () => {
    flushQueued = false
    clearTimeout(coalescing)
    if (!open || !controller || pending === '') return
    lastFlushAt = Date.now()
    const text = pending
    pending = ''
    try {
      controller.enqueue(encoder.encode(text))
    } catch {
      detach()
    }
  }
  const write = (text: string) => {
    if (!open || !controller) return
    pending += text
    if (flushQueued) return
    const wait = lastFlushAt + COALESCE_MS - Date.now()
    if (wait > 0) {
      flushQueued = true
      coalescing = setTimeout(flush, wait)
    } else if (!afterThisTurn) flush()
    else {
      flushQueued = true
      afterThisTurn(flush)
    }
  }
  const close = () => {
    if (!open) return
    flush()
    detach()
    try {
      controller?.close()
    } catch {
      // Already closed by a cancelled reader.
    }
  }
  const onPing = () => {
    if (!open) return
    const left = quietSince + pingMs - Date.now()
    if (left > 0) {
      ping = setTimeout(onPing, left)
      return
    }
    write(PING_FRAME)
    quietSince = Date.now()
    ping = setTimeout(onPing, pingMs)
  }

  let terminal = false
  const cut = () => {
    if (terminal) return
    terminal = true
    write(encodeEvent(SHUTTING_DOWN))
    close()
  }

  async function pump() {
    try {
      for await (const event of events) {
        if (terminal) continue
        write(encodeEvent(event))
        if (open) options.onEvent?.(event)
        if (event.type === 'end' || event.type === 'error') {
          terminal = true
          close() // the visitor is done; the loop goes on draining Dify
        } else {
          quietSince = Date.now()
        }
      }
    } catch {
      if (!terminal) write(encodeEvent(RELAY_FAULT))
    } finally {
      close()
      options.onDrained?.()
    }
  }

  options.signal?.addEventListener('abort', detach, { once: true })
  if (options.closing?.aborted) cut()
  else options.closing?.addEventListener('abort', cut, { once: true })
  return new ReadableStream<Uint8Array>({
    start(c) {
      controller = c
      quietSince = Date.now()
      ping = setTimeout(onPing, pingMs)
      void pump()
    },
    cancel() {
      detach()
    },
  })
}
