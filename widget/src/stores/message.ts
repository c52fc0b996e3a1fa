/** A chat message and the pure functions that make and change one (stream events, stop, history). */
import type { HistoryMessage, HumanInputForm, Rating, Source, WidgetEvent } from '@parley/shared'
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
  /** The answer's files, or the visitor's attachments (with their names; no URL until saved). */
  files: { url: string; type: string; name?: string }[]
  sources: Source[]
  feedback: Rating
  error?: ChatError
  /** The visitor's query this answer replies to (for retry and regenerate). */
  query?: string
  stopped?: boolean
  /** Answers this one replaced (regenerate), oldest first: shown collapsed under it. */
  earlier?: ChatMessage[]
  /** The human-input form the answer waits on (a paused chatflow), until it is answered. */
  form?: HumanInputForm
  /** The title of the action the visitor answered the form with. */
  answered?: string
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

export function userMessage(
  id: string,
  text: string,
  files: ChatMessage['files'] = [],
): ChatMessage {
  return { id, role: 'user', text, state: 'done', files, sources: [], feedback: null }
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
    case 'form':
      return { ...msg, form: event.form }
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
  if (turn.form) answer.form = turn.form
  if (turn.status === 'error') {
    answer.error = { code: 'upstream_error', message: turn.error ?? '', retryable: true }
  }
  return answer
}

/**
 * History turns → the visitor's messages and the assistant's answers, ids from `nextId`. A turn
 * asking the same as the one before it is a regenerate (Dify keeps both, in line) or a retry: its
 * answer takes the place of the earlier one, keeping it collapsed (a failed one is dropped).
 */
export function fromHistory(turns: HistoryMessage[], nextId: () => string): ChatMessage[] {
  const out: ChatMessage[] = []
  for (const turn of turns) {
    const last = out.at(-1)
    if (last?.query === turn.query) {
      // A failed answer asked again was a retry: it is not kept.
      const { earlier = [], ...replaced } = last
      out[out.length - 1] = {
        ...historyAnswer(turn, last.id),
        earlier: last.state === 'error' ? earlier : [...earlier, replaced],
      }
    } else {
      out.push(
        { ...userMessage(nextId(), turn.query, turn.queryFiles), messageId: turn.id },
        historyAnswer(turn, nextId()),
      )
    }
  }
  return out
}

/** A fresh answer to `m`'s query in its place, with `m` among the earlier ones. */
export function regenerated({ earlier = [], ...m }: ChatMessage): ChatMessage {
  return { ...pendingAnswer(m.id, m.query ?? ''), earlier: [...earlier, m] }
}
