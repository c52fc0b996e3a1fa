/** A chat message and the pure functions that make and change one (stream events, stop, history). */
import type { HistoryMessage, Rating, Source, WidgetEvent } from '@parley/shared'
import type { WidgetErrorCode } from '../api/relay-client.ts'

export interface ChatMessage {
  /** Local id, stable for the life of the message (keys, DOM). */
  id: string
  role: 'user' | 'assistant'
  text: string
  state: 'streaming' | 'done' | 'error'
  /** Dify's message id, once known: feedback and suggestions use it. */
  messageId?: string
  taskId?: string
  /**
   * The steps so far while streaming (workflow node titles, agent tool names; only when the app
   * shows them), the newest last; gone once the answer ends.
   */
  steps?: string[]
  files: { url: string; type: string }[]
  sources: Source[]
  feedback: Rating
  error?: ChatError
  /** The visitor's query this answer replies to (for retry). */
  query?: string
  stopped?: boolean
}

export interface ChatError {
  code: WidgetErrorCode
  message: string
  retryable: boolean
  /** rate_limited: epoch ms before which retry stays disabled (0 or absent: none). */
  until?: number
  /** The app's daily limit refused it, for everyone (see RelayError). */
  appLimit?: boolean
}

/** Steps kept (and shown) while an answer is built: the newest. */
export const MAX_STEPS = 5

/** The events that build an answer. */
export type AnswerEvent = Exclude<WidgetEvent, { type: 'error' }>

export function userMessage(id: string, text: string): ChatMessage {
  return { id, role: 'user', text, state: 'done', files: [], sources: [], feedback: null }
}

export function pendingAnswer(id: string, query: string): ChatMessage {
  return {
    id,
    role: 'assistant',
    text: '',
    state: 'streaming',
    files: [],
    sources: [],
    feedback: null,
    query,
  }
}

/** Errors are not applied here: the chat decides after the stream ends (see stores/chat.ts). */
export function applyEvent(msg: ChatMessage, event: AnswerEvent): ChatMessage {
  if (msg.state !== 'streaming') return msg
  switch (event.type) {
    case 'start':
      return { ...msg, messageId: event.messageId, taskId: event.taskId }
    case 'delta':
      return { ...msg, text: msg.text + event.text }
    case 'replace':
      return { ...msg, text: event.text }
    case 'status': {
      const steps = msg.steps ?? []
      // A loop's node runs again: one line, not one per round.
      return steps.at(-1) === event.label
        ? msg
        : { ...msg, steps: [...steps, event.label].slice(-MAX_STEPS) }
    }
    case 'file':
      return { ...msg, files: [...msg.files, { url: event.url, type: event.fileType }] }
    case 'end':
      return {
        ...msg,
        state: 'done',
        steps: undefined,
        messageId: event.messageId,
        sources: event.sources,
      }
  }
}

export function failAnswer(msg: ChatMessage, error: ChatError): ChatMessage {
  return { ...msg, state: 'error', steps: undefined, error }
}

/** The visitor pressed stop: keep what arrived. */
export function stopAnswer(msg: ChatMessage): ChatMessage {
  return msg.state === 'streaming'
    ? { ...msg, state: 'done', steps: undefined, stopped: true }
    : msg
}

/** The assistant's side of a history turn, as the message `id`. */
export function historyAnswer(turn: HistoryMessage, id: string): ChatMessage {
  const answer: ChatMessage = {
    id,
    role: 'assistant',
    text: turn.answer,
    state: turn.status === 'error' ? 'error' : 'done',
    messageId: turn.id,
    files: turn.files,
    sources: turn.sources,
    feedback: turn.feedback,
    query: turn.query,
  }
  if (turn.status === 'error') {
    answer.error = { code: 'upstream_error', message: turn.error ?? '', retryable: true }
  }
  return answer
}

/** One history turn → the visitor's message and the assistant's answer, ids from `nextId`. */
export function fromHistory(turn: HistoryMessage, nextId: () => string): ChatMessage[] {
  return [
    { ...userMessage(nextId(), turn.query), messageId: turn.id },
    historyAnswer(turn, nextId()),
  ]
}
