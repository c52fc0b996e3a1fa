/**
 * One conversation: its messages, the answer being streamed, and what the visitor can do with them
 * (send, stop, retry, rate, start over, restore after a reload). The stream in flight, the rate-limit
 * timers and the message ids live in this closure, so two chats never share anything.
 */
import { type ChatFile, type Rating, readEventStream, type WidgetEvent } from '@parley/shared'
import { atom, type ReadableAtom } from 'nanostores'
import { type RelayClient, RelayError } from '../api/relay-client.ts'
import type { Emit } from '../events.ts'
import type { Parse } from '../markdown/parse.ts'
import { plainText } from '../markdown/plain-text.ts'
import { ANNOUNCE_CHARS, answerStream, chatError } from './answer-stream.ts'
import type { AppInfoState } from './app-info.ts'
import {
  type ChatMessage,
  failAnswer,
  fromHistory,
  pendingAnswer,
  regenerated,
  stopAnswer,
  userMessage,
} from './message.ts'
import type { PanelStore } from './panel.ts'
import { recoverAnswer } from './recover-answer.ts'

/** A file uploaded for the next message. */
export interface Attachment {
  file: ChatFile
  name: string
  type: string
}

import type { SessionStore } from './session.ts'

export interface ChatDeps {
  relay: RelayClient
  session: SessionStore
  /** Whether the app suggests questions after an answer. */
  app: ReadableAtom<AppInfoState>
  /** Told when an answer arrives (the unread dot). */
  panel: Pick<PanelStore, 'markUnread'>
  /** Dify app inputs, sent with every message. */
  inputs: Record<string, unknown> | null
  /** Tells the page (message and error events). */
  emit: Emit
  /** Inputs are read once it settles (what goes may depend on the app's declared inputs). */
  ready?: () => Promise<unknown>
  /**
   * The markdown parser an answer is announced with: with the math syntax when the answer may hold
   * math (then once the math chunk is here, as the log shows it).
   */
  parser?: (markdown: string) => Parse | Promise<Parse>
}

export interface ChatStore {
  $messages: ReadableAtom<ChatMessage[]>
  /** Suggested questions after the latest answer. */
  $suggestions: ReadableAtom<string[]>
  /** For the polite live region: the latest COMPLETE answer (never a partial one) as plain text. */
  $announcement: ReadableAtom<string>
  /** An answer is on its way (streaming, or being recovered after its stream broke off). */
  $streaming: ReadableAtom<boolean>
  /**
   * What the visitor filled in the start form for the next conversation (null: not yet), sent with
   * its messages over data-inputs. A new conversation asks again.
   */
  $inputs: ReadableAtom<Record<string, unknown> | null>
  setInputs(values: Record<string, unknown> | null): void
  /**
   * Sends the visitor's message, with the files uploaded for it; false when empty or an answer is
   * still streaming.
   */
  send(text: string, files?: Attachment[]): boolean
  /** Stops the answer being streamed, keeping what arrived; tells the relay to stop generating. */
  stop(): void
  /** Asks again for a failed answer, in place (not before a rate limit's wait is over). */
  retry(answerId: string): void
  /**
   * Asks the last answer's question again, as a new turn (Dify's history is linear): the new answer
   * takes its place and keeps it as an earlier one.
   */
  regenerate(answerId: string): void
  /**
   * Answers the human-input form `answerId` waits on with `action`; the rest of the answer streams
   * in. Rejects with the RelayError when the relay refuses (expired, answered), keeping the form, and
   * while another answer streams.
   */
  answerForm(answerId: string, action: string, inputs: Record<string, string>): Promise<void>
  /** Thumbs up/down; the same rating again withdraws it. Optimistic, reverted on failure. */
  rate(answerId: string, rating: Exclude<Rating, null>): Promise<void>
  /** Starts a new conversation (the old one stays in Dify). */
  reset(): void
  /** Brings back the saved conversation's latest messages; a forgotten one is dropped quietly. */
  restore(): Promise<void>
  /**
   * Shows the visitor's conversation `id` (picked in the history view, or answered in another
   * tab) with its latest messages. The one on screen is refreshed unless an answer is streaming.
   * Rejects with the RelayError when it cannot be fetched, leaving the screen as it was.
   */
  open(id: string): Promise<void>
  /** Drops the stream and every timer. */
  destroy(): void
}

export function createChat({
  relay,
  session,
  app,
  panel,
  inputs,
  parser,
  emit,
  ready,
}: ChatDeps): ChatStore {
  const $messages = atom<ChatMessage[]>([])
  const $suggestions = atom<string[]>([])
  const $announcement = atom('')
  const $streaming = atom(false)
  const $inputs = atom<Record<string, unknown> | null>(null)
  // A listener, not `computed`: computed's lifecycle leaves an unmount timer behind on destroy.
  $messages.listen((messages) => $streaming.set(messages.some((m) => m.state === 'streaming')))
  /** The stream in flight; `latest` is ahead of $messages by up to one commit. */
  let current: { controller: AbortController; latest: () => ChatMessage } | null = null
  const waits = new Set<ReturnType<typeof setTimeout>>()
  /** Answers waiting for the app's info to ask for follow-up questions. */
  const listeners = new Set<() => void>()
  const unlisten = (stop: () => void) => {
    stop()
    listeners.delete(stop)
  }
  let seq = 0
  const nextId = () => `m${++seq}`
  const conversationId = () => session.$session.get().conversationId

  const find = (id: string) => $messages.get().find((m) => m.id === id)
  const put = (message: ChatMessage) =>
    $messages.set($messages.get().map((m) => (m.id === message.id ? message : m)))
  /** Drops the stream without telling the relay. */
  const abandon = () => {
    current?.controller.abort()
    current = null
  }
  const forget = () => {
    abandon()
    for (const wait of waits) clearTimeout(wait)
    waits.clear()
    for (const stop of listeners) unlisten(stop)
  }
  const clear = () => {
    forget()
    $messages.set([])
    $suggestions.set([])
    $announcement.set('')
  }
  const fetchMessages = async (id: string) =>
    fromHistory((await relay.history(id)).messages, nextId)

  /**
   * POST /api/chat with `query` (or read `query`, a form's resumed answer), events through
   * `applyEvent`, one store update per COMMIT_EVERY_MS at most.
   */
  async function run(
    answer: ChatMessage,
    query: string | ReadableStream<Uint8Array>,
    canRestart = typeof query === 'string',
    controller = new AbortController(),
    files?: ChatFile[],
  ): Promise<void> {
    const { signal } = controller
    const stream = answerStream(answer, put, signal)
    current = { controller, latest: stream.latest }
    await ready?.()
    const asked = conversationId() ?? undefined
    const given = { ...inputs, ...$inputs.get() }
    const onEvent = (event: WidgetEvent) => {
      if (event.type === 'start' && !signal.aborted) {
        session.setConversationId(event.conversationId)
      }
      stream.apply(event)
    }
    const failed = await stream.end(
      typeof query === 'string'
        ? relay.chat(
            {
              query,
              conversationId: asked,
              inputs: Object.keys(given).length ? given : undefined,
              files: files?.length ? files : undefined,
            },
            onEvent,
            signal,
          )
        : readEventStream(query, onEvent),
    )
    let msg = stream.latest()
    if (signal.aborted) return
    // Dify forgot the conversation (expired, deleted): start a new one, transparently.
    if (failed.code === 'not_found' && asked && canRestart && !msg.text) {
      session.setConversationId(null)
      return run(msg, query, false, undefined, files)
    }
    if (msg.state === 'streaming') {
      // Broke off mid-answer: the relay lets Dify finish and save it, so fetch it from history
      // (showing what arrived meanwhile).
      put(msg)
      const id = conversationId()
      const found = msg.messageId && id ? await recoverAnswer(relay, id, msg, signal) : null
      if (signal.aborted) return
      msg = found ?? failAnswer(msg, chatError(failed))
    }
    // The answer may have ended (and another started) before its stream closed.
    if (current?.controller === controller) current = null
    put(msg)
    finish(msg)
  }

  function finish({ id, error, text, messageId }: ChatMessage): void {
    if (error) {
      emit('error', { code: error.code, message: error.message })
      const { until } = error
      if (!until) return
      // Re-render the message when the wait is over, so retry comes back.
      const wait = setTimeout(() => {
        waits.delete(wait)
        const msg = find(id)
        if (msg) put({ ...msg })
      }, until - Date.now())
      waits.add(wait)
      return
    }
    const announce = (parse?: Parse) => {
      if (find(id)) $announcement.set(plainText(text, ANNOUNCE_CHARS, parse))
    }
    const parse = parser?.(text)
    if (parse instanceof Promise) void parse.then(announce)
    else announce(parse)
    panel.markUnread()
    emit('message', {
      role: 'assistant',
      text,
      messageId,
      conversationId: conversationId() ?? undefined,
    })
    if (!messageId) return
    /** False while the app's info is on its way: a first answer can be quicker. */
    const suggest = ({ info }: AppInfoState) => {
      if (info?.features.suggestionsAfterAnswer) {
        relay.suggested(messageId).then(
          ({ questions }) => $suggestions.set(questions.slice(0, 3)),
          () => {},
        )
      }
      return !!info
    }
    if (suggest(app.get())) return
    const stop = app.listen((state) => {
      if (suggest(state)) unlisten(stop)
    })
    listeners.add(stop)
  }

  return {
    $messages,
    $suggestions,
    $announcement,
    $streaming,
    $inputs,
    setInputs: (values) => $inputs.set(values),
    send(text, files = []) {
      const query = text.trim()
      if (!query || $streaming.get()) return false
      session.keep()
      const answer = pendingAnswer(nextId(), query)
      const asked = userMessage(
        nextId(),
        query,
        files.map(({ name, type }) => ({ url: '', type, name })),
      )
      $suggestions.set([])
      $messages.set([...$messages.get(), asked, answer])
      emit('message', { role: 'user', text: query })
      void run(
        answer,
        query,
        true,
        undefined,
        files.map((f) => f.file),
      )
      return true
    },
    stop() {
      const msg = current?.latest()
      abandon()
      if (!msg) return
      put(stopAnswer(msg))
      if (msg.taskId) relay.stop(msg.taskId).catch(() => {})
    },
    retry(answerId) {
      const msg = find(answerId)
      if (!msg?.query || msg.state !== 'error' || $streaming.get()) return
      if ((msg.error?.until ?? 0) > Date.now()) return
      const fresh = pendingAnswer(msg.id, msg.query)
      put(fresh)
      void run(fresh, msg.query)
    },
    regenerate(answerId) {
      const msg = find(answerId)
      if (!msg?.query || msg.state !== 'done' || $streaming.get()) return
      if ($messages.get().at(-1) !== msg) return
      const fresh = regenerated(msg)
      $suggestions.set([])
      put(fresh)
      void run(fresh, msg.query)
    },
    async answerForm(answerId, action, values) {
      const msg = find(answerId)
      // Another answer on its way: the visitor answers once it is done.
      if (!msg?.form || $streaming.get()) throw new RelayError('bad_request')
      const controller = new AbortController()
      const body = await relay.answerForm(
        msg.form.token,
        { action, inputs: values },
        controller.signal,
      )
      const { form, ...rest } = msg
      const title = form.actions.find((a) => a.id === action)?.title ?? action
      const resumed: ChatMessage = { ...rest, state: 'streaming', answered: title }
      put(resumed)
      void run(resumed, body, false, controller)
    },
    async rate(answerId, rating) {
      const msg = find(answerId)
      if (!msg?.messageId) return
      const next: Rating = msg.feedback === rating ? null : rating
      put({ ...msg, feedback: next })
      try {
        await relay.feedback(msg.messageId, { rating: next })
      } catch {
        const now = find(answerId)
        if (now) put({ ...now, feedback: msg.feedback })
      }
    },
    reset() {
      clear()
      $inputs.set(null)
      session.setConversationId(null)
    },
    async restore() {
      const id = conversationId()
      if (!id) return
      try {
        const messages = await fetchMessages(id)
        // Keep whatever the visitor started meanwhile.
        if (!$messages.get().length && conversationId() === id) $messages.set(messages)
      } catch (e) {
        if (e instanceof RelayError && e.code === 'not_found') session.setConversationId(null)
      }
    },
    async open(id) {
      const messages = await fetchMessages(id)
      if (id === conversationId() && $streaming.get()) return
      clear()
      session.setConversationId(id)
      $messages.set(messages)
    },
    destroy: forget,
  }
}
