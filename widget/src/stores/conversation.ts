/** Conversation actions: send, stop, retry, rate, start over, and restore after a reload. */
import type { Rating } from '@parley/shared'
import { RelayError } from '../api/relay-client.ts'
import { emit } from '../events.ts'
import {
  $announcement,
  $messages,
  $suggestions,
  findMessage,
  isStreaming,
  putMessage,
} from './messages.ts'
import { fromHistory, pendingAnswer, userMessage } from './reducer.ts'
import { $session, relay, setConversationId } from './session.ts'
import { abandonStream, runAnswer, stopAnswerStream } from './stream.ts'

/** Sends the visitor's message; false when empty or an answer is still streaming. */
export function send(text: string): boolean {
  const query = text.trim()
  if (!query || isStreaming($messages.get())) return false
  const answer = pendingAnswer(query)
  $suggestions.set([])
  $messages.set([...$messages.get(), userMessage(query), answer])
  emit('message', { role: 'user', text: query })
  void runAnswer(answer.id, query)
  return true
}

export function stop(): void {
  stopAnswerStream()
}

/** Asks again for a failed answer, in place (not before a rate limit's wait is over). */
export function retry(answerId: string): void {
  const msg = findMessage(answerId)
  if (!msg?.query || msg.state !== 'error' || isStreaming($messages.get())) return
  if ((msg.error?.until ?? 0) > Date.now()) return
  const fresh = { ...pendingAnswer(msg.query), id: msg.id }
  putMessage(fresh)
  void runAnswer(fresh.id, msg.query)
}

/** Starts a new conversation (the old one stays in Dify). */
export function reset(): void {
  abandonStream()
  $messages.set([])
  $suggestions.set([])
  $announcement.set('')
  setConversationId(null)
}

/** Brings back the saved conversation's latest messages; a forgotten one is dropped quietly. */
export async function restore(): Promise<void> {
  const conversationId = $session.get().conversationId
  if (!conversationId) return
  try {
    const { messages } = await relay().history(conversationId)
    // Keep whatever the visitor started meanwhile.
    if (!$messages.get().length && $session.get().conversationId === conversationId) {
      $messages.set(messages.flatMap(fromHistory))
    }
  } catch (e) {
    if (e instanceof RelayError && e.code === 'not_found') setConversationId(null)
  }
}

/** Thumbs up/down; choosing the same rating again withdraws it. Optimistic, reverted on failure. */
export async function rate(answerId: string, rating: Exclude<Rating, null>): Promise<void> {
  const msg = findMessage(answerId)
  if (!msg?.messageId) return
  const next: Rating = msg.feedback === rating ? null : rating
  putMessage({ ...msg, feedback: next })
  try {
    await relay().feedback(msg.messageId, { rating: next })
  } catch {
    const now = findMessage(answerId)
    if (now) putMessage({ ...now, feedback: msg.feedback })
  }
}
