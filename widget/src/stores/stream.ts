/**
 * Runs one answer: POST /api/chat, events through the reducer, at most one store update per
 * animation frame (every token would otherwise re-render the message).
 */
import type { WidgetEvent } from '@parley/shared'
import { RelayError } from '../api/relay-client.ts'
import { emit } from '../events.ts'
import { $app } from './app.ts'
import { $announcement, $suggestions, findMessage, putMessage } from './messages.ts'
import { applyEvent, type ChatMessage, fromHistory, stopAnswer } from './reducer.ts'
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
  let restart = false
  let failed = new RelayError('upstream_unavailable')
  const commit = () => {
    frame = 0
    if (!signal.aborted) putMessage(msg)
  }
  const onEvent = (event: WidgetEvent) => {
    if (signal.aborted) return
    // Dify forgot the conversation (expired, deleted): start a new one, transparently.
    if (
      event.type === 'error' &&
      event.code === 'not_found' &&
      conversationId &&
      canRestart &&
      !msg.text
    ) {
      restart = true
      return
    }
    if (event.type === 'error' && msg.messageId) {
      // Mid-answer: Dify may still finish and save it (see below); decide after the stream.
      failed = new RelayError(event.code, event.message, event.retryable)
      return
    }
    if (event.type === 'start') setConversationId(event.conversationId)
    msg = applyEvent(msg, event)
    if (!frame) frame = requestAnimationFrame(commit)
  }
  const failure = (): WidgetEvent => ({
    type: 'error',
    code: failed.code,
    message: failed.message,
    retryable: failed.retryable,
  })
  try {
    await relay().chat({ query, conversationId, inputs }, onEvent, signal)
  } catch (e) {
    if (e instanceof RelayError) failed = e
    // Before `start` nothing was generated: report it (or restart, for not_found).
    if (!msg.messageId) onEvent(failure())
  }
  if (signal.aborted) return
  if (restart) {
    setConversationId(null)
    return runAnswer(answerId, query, false)
  }
  if (msg.state === 'streaming') {
    // Broke off mid-answer: the relay lets Dify finish and save it, so fetch it from history.
    const found = msg.messageId && (await recover(msg))
    if (signal.aborted) return
    if (found) msg = found
    else msg = applyEvent(msg, failure())
  }
  current = null
  commit()
  finish(msg)
}

/** The broken-off answer as Dify saved it (polled for ~15 s), or null. */
async function recover(msg: ChatMessage): Promise<ChatMessage | null> {
  const id = $session.get().conversationId
  for (let i = 1; id && i < 8; i++) {
    await new Promise((r) => setTimeout(r, i * 500))
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
    emit('error', { code: error?.code ?? 'upstream_error', message: error?.message ?? '' })
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
