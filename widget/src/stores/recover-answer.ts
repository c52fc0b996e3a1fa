/**
 * An answer whose stream broke off is not lost: the relay lets Dify finish and save it, so the chat
 * polls the conversation's history for it.
 */
import type { RelayClient } from '../api/relay-client.ts'
import { type ChatMessage, historyAnswer } from './message.ts'

/** Polls of history after a broken stream; waits double from 0.5 s (≈ 1 min in all). */
export const RECOVERY_POLLS = 7

/** Resolves after `ms`, or at once when `signal` aborts (clearing its timer). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done)
  })
}

/** The broken-off answer `msg` as Dify saved it, or null (failed, gone, aborted or not in time). */
export async function recoverAnswer(
  relay: RelayClient,
  conversationId: string,
  msg: ChatMessage,
  signal: AbortSignal,
): Promise<ChatMessage | null> {
  for (let i = 0; i < RECOVERY_POLLS; i++) {
    await sleep(500 << i, signal)
    if (signal.aborted) break
    const turns = await relay.history(conversationId).catch(() => null)
    const turn = turns?.messages.find((m) => m.id === msg.messageId)
    if (turn?.status === 'error') break
    if (turn?.answer && turn.answer.length >= msg.text.length) return historyAnswer(turn, msg.id)
  }
  return null
}
