/**
 * One answer's stream as the screen sees it: events applied as they come, the store updated at most
 * every COMMIT_EVERY_MS, and the failure the stream ended with kept for whoever decides what the
 * answer then is (the chat, the generator).
 */
import type { WidgetEvent } from '@parley/shared'
import { isRelayError, RelayError } from '../api/relay-client.ts'
import { applyEvent, type ChatError, type ChatMessage } from './message.ts'

/**
 * While an answer streams, the messages (and so the screen) change at most this often: rendering
 * every animation frame kept the main thread busy a third of the time on a long answer.
 */
export const COMMIT_EVERY_MS = 100

/** An answer's announcement reads its first characters; the whole answer is on screen. */
export const ANNOUNCE_CHARS = 2000

export interface AnswerStream {
  /** The answer with every event so far: ahead of what was put by up to one commit. */
  latest(): ChatMessage
  /** Applies one event (nothing once the signal aborted); an `error` event is kept for `end`. */
  apply(event: WidgetEvent): void
  /**
   * Waits for the read to end and stops committing. Resolves with the failure the stream ended on:
   * the relay's refusal, `offline`, an `error` event, else `upstream_unavailable` (which only
   * matters when the answer is still unfinished).
   */
  end(reading: Promise<void>): Promise<RelayError>
}

export function answerStream(
  answer: ChatMessage,
  put: (message: ChatMessage) => void,
  signal: AbortSignal,
): AnswerStream {
  let msg = answer
  let timer: ReturnType<typeof setTimeout> | undefined
  let committed = 0
  let failed = new RelayError('upstream_unavailable')
  // A timer, not an animation frame: the views render in a task of their own after a store change
  // (@nanostores/preact batches with a timeout), so a commit timed to a frame only added a frame.
  const commit = () => {
    timer = undefined
    committed = performance.now()
    put(msg)
  }
  const schedule = () => {
    timer ??= setTimeout(commit, Math.max(0, committed + COMMIT_EVERY_MS - performance.now()))
  }
  const cancel = () => clearTimeout(timer)
  signal.addEventListener('abort', cancel)
  return {
    latest: () => msg,
    apply(event) {
      if (signal.aborted) return
      if (event.type === 'error') {
        // Decided after the stream: mid-answer Dify may still finish and save it.
        failed = new RelayError(event.code, event.message, event.retryable)
        return
      }
      msg = applyEvent(msg, event)
      schedule()
    },
    async end(reading) {
      try {
        await reading
      } catch (e) {
        // fetch and stream reads reject with a TypeError when the network fails.
        if (isRelayError(e)) failed = e
        else if (e instanceof TypeError) failed = new RelayError('offline')
      }
      cancel()
      return failed
    },
  }
}

/** How an answer shows the failure its stream ended on (a rate limit's wait as a time to wait for). */
export function chatError({ code, message, retryable, wait, appLimit }: RelayError): ChatError {
  const until = wait && Date.now() + wait * 1000
  return { code, message, retryable, until, ...(appLimit && { appLimit }) }
}
