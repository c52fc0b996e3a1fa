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
}

const RELAY_FAULT: WidgetEvent = {
  type: 'error',
  code: 'upstream_error',
  message: 'Something went wrong in the relay. Please try again.',
  retryable: true,
}

export function answerStream(
  events: AsyncIterable<WidgetEvent>,
  options: AnswerStreamOptions = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const pingMs = options.pingIntervalMs ?? 15_000
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined
  let open = true
  let ping: ReturnType<typeof setTimeout> | undefined

  const detach = () => {
    open = false
    clearTimeout(ping)
  }
  const write = (text: string) => {
    if (!open || !controller) return
    try {
      controller.enqueue(encoder.encode(text))
    } catch {
      detach()
    }
  }
  const close = () => {
    if (!open) return
    detach()
    try {
      controller?.close()
    } catch {
      // Already closed by a cancelled reader.
    }
  }
  const armPing = () => {
    clearTimeout(ping)
    if (!open) return
    ping = setTimeout(() => {
      write(PING_FRAME)
      armPing()
    }, pingMs)
  }

  async function pump() {
    let terminal = false
    try {
      for await (const event of events) {
        if (terminal) continue
        write(encodeEvent(event))
        if (event.type === 'end' || event.type === 'error') {
          terminal = true
          close() // the visitor is done; the loop goes on draining Dify
        } else {
          armPing()
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
  return new ReadableStream<Uint8Array>({
    start(c) {
      controller = c
      armPing()
      void pump()
    },
    cancel() {
      detach()
    },
  })
}
