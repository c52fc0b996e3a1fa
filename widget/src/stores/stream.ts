/**
 * Runs one answer: POST /api/chat, events through the reducer, at most one store update per
 * animation frame (every token would otherwise re-render the message).
 */
import type { WidgetEvent } from '@parley/shared'
import { RelayError } from '../api/relay-client.ts'
import { emit } from '../events.ts'
import { $app } from './app.ts'
import { $announcement, $messages, $suggestions, findMessage, putMessage } from './messages.ts'
import {
  applyEvent,
  type ChatError,
  type ChatMessage,
  failAnswer,
  fromHistory,
  stopAnswer,
} from './reducer.ts'
import { $session, relay, setConversationId } from './session.ts'
import { markUnread } from './ui.ts'

let current: { controller: AbortController; answerId: string } | null = null
let inputs: Record<string, unknown> | undefined

export function setInputs(value: Record<string, unknown> | null): void {
  inputs = value ?? undefined
}

export async function runAnswer(answerId: string, query: string, canRestart = true): Promise<void> {
  const controller = new AbortController()
  const { signal } = controller
  current = { controller, answerId }
  const conversationId = $session.get().conversationId ?? undefined
  let msg = findMessage(answerId) as ChatMessage
  let frame = 0
  let failed = new RelayError('upstream_unavailable')
  const commit = () => {
    frame = 0
    if (!signal.aborted) putMessage(msg)
  }
  const onEvent = (event: WidgetEvent) => {
    if (signal.aborted) return
    if (event.type === 'error') {
      // Decided after the stream: mid-answer Dify may still finish and save it; not_found restarts.
      failed = new RelayError(event.code, event.message, event.retryable)
      return
    }
    if (event.type === 'start') setConversationId(event.conversationId)
    msg = applyEvent(msg, event)
    if (!frame) frame = requestAnimationFrame(commit)
  }
  try {
    await relay().chat({ query, conversationId, inputs }, onEvent, signal)
  } catch (e) {
    // fetch and stream reads reject with a TypeError when the network fails.
    if (e instanceof RelayError) failed = e
    else if (e instanceof TypeError) failed = new RelayError('offline')
  }
  if (signal.aborted) return
  // Dify forgot the conversation (expired, deleted): start a new one, transparently.
  if (failed.code === 'not_found' && conversationId && canRestart && !msg.text) {
    setConversationId(null)
    return runAnswer(answerId, query, false)
  }
  if (msg.state === 'streaming') {
    // Broke off mid-answer: the relay lets Dify finish and save it, so fetch it from history.
    const found = msg.messageId && (await recover(msg, signal))
    if (signal.aborted) return
    const { code, message, retryable, wait } = failed
    msg =
      found ||
      failAnswer(msg, { code, message, retryable, until: wait && Date.now() + wait * 1000 })
  }
  current = null
  commit()
  finish(msg)
}

/** Polls of history after a broken stream; waits double from 0.5 s (≈ 1 min in all). */
export const RECOVERY_POLLS = 7

/** The broken-off answer as Dify saved it, or null (failed, gone, or not saved in time). */
async function recover(msg: ChatMessage, signal: AbortSignal): Promise<ChatMessage | null> {
  const id = $session.get().conversationId
  for (let i = 0; id && i < RECOVERY_POLLS; i++) {
    await new Promise((r) => setTimeout(r, 500 << i))
    if (signal.aborted) break
    const turns = await relay()
      .history(id)
      .catch(() => null)
    const turn = turns?.messages.find((m) => m.id === msg.messageId)
    if (turn?.status === 'error') break
    if (turn?.answer && turn.answer.length >= msg.text.length) {
      return { ...(fromHistory(turn)[1] as ChatMessage), id: msg.id }
    }
  }
  return null
}

function finish({ state, error, text, messageId }: ChatMessage): void {
  if (state === 'error') {
    const { code, message, until } = error as ChatError
    emit('error', { code, message })
    // Re-render when the wait is over, so retry comes back.
    if (until) setTimeout(() => $messages.set([...$messages.get()]), until - Date.now())
    return
  }
  $announcement.set(text)
  markUnread()
  emit('message', {
    role: 'assistant',
    text,
    messageId,
    conversationId: $session.get().conversationId ?? undefined,
  })
  if (messageId && $app.get().info?.features.suggestionsAfterAnswer) {
    relay()
      .suggested(messageId)
      .then(
        ({ questions }) => $suggestions.set(questions.slice(0, 3)),
        () => {},
      )
  }
}

/** Stops the answer being streamed, keeping what arrived; tells the relay to stop generating. */
export function stopAnswerStream(): void {
  const msg = current && findMessage(current.answerId)
  abandonStream()
  if (!msg) return
  putMessage(stopAnswer(msg))
  if (msg.taskId)
    relay()
      .stop(msg.taskId)
      .catch(() => {})
}

/** Drops the stream without telling the relay (new conversation, destroy). */
export function abandonStream(): void {
  current?.controller.abort()
  current = null
}
