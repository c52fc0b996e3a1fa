/**
 * A text generator's or a workflow's runs in this tab: the result being generated and the earlier
 * ones, newest first, kept where data-persist keeps a conversation and only for the user they were
 * made for. It answers what an answer's buttons call (retry, rate, regenerate = run again), so the
 * app's Message renders a result as it renders an answer. The stream in flight lives in this
 * closure, so two widgets never share anything.
 */
import { type AppMode, type Rating, ROUTES } from '@parley/shared'
import { atom, type ReadableAtom } from 'nanostores'
import { type RelayClient, RelayError } from '../api/relay-client.ts'
import { warnConsole } from '../config.ts'
import type { Emit } from '../events.ts'
import { answerStream, chatError } from '../stores/answer-stream.ts'
import type { AppInfoStore } from '../stores/app-info.ts'
import { type ChatMessage, failAnswer, pendingAnswer, stopAnswer } from '../stores/message.ts'
import type { SessionStore } from '../stores/session.ts'

/** Results kept (the newest); older ones are dropped. */
export const KEEP_RESULTS = 10
/** The characters of a result's text that are saved (the screen has it all until a reload). */
export const SAVED_CHARS = 20_000

export interface Result extends ChatMessage {
  /** What it was generated from: the form's values and data-inputs. */
  inputs: Record<string, unknown>
  /** A workflow's outputs the relay let through. */
  outputs?: Record<string, unknown>
  /** Epoch ms it was asked for. */
  at: number
}

export interface GeneratorDeps {
  relay: Pick<RelayClient, 'chat' | 'feedback' | 'request'>
  session: Pick<SessionStore, '$session' | 'keep'>
  /** The app's kind picks the route; read again when it is not known yet. */
  app: Pick<AppInfoStore, '$appInfo' | 'load'>
  /** data-inputs: sent with every run, under what the visitor filled in. */
  inputs: Record<string, unknown> | null
  /** Where results are saved (data-persist), under `key`; null: this page view only. */
  storage: Storage | null
  key: string
  /** The plain text a finished result is announced with. */
  plainText(markdown: string): string
  /** Told when a result arrives while the panel may be closed (the unread dot). */
  markUnread(): void
  /** Tells the page (message and error events). */
  emit: Emit
}

export interface GeneratorStore {
  /** Newest first; the first one may be streaming. */
  $results: ReadableAtom<Result[]>
  $running: ReadableAtom<boolean>
  /** For a polite live region: the latest finished result as plain text. */
  $announcement: ReadableAtom<string>
  /**
   * Generates from `inputs` (over data-inputs); false while a run is on its way, and (with a console
   * warning) when `inputs` is no object or the app is a chat.
   */
  generate(inputs: Record<string, unknown>): boolean
  /** Stops the run, keeping what arrived; tells the relay to stop it. */
  stop(): void
  /** Runs result `id`'s inputs again, as a new result. */
  retry(id: string): void
  regenerate(id: string): void
  /** Thumbs up/down on a text generator's result; the same again withdraws it. */
  rate(id: string, rating: Exclude<Rating, null>): Promise<void>
  /** Generators pause on no human-input form here: refused. */
  answerForm(): Promise<void>
  destroy(): void
}

type Kind = 'completion' | 'workflow'
const kindOf = (mode: AppMode | undefined): Kind =>
  mode === 'workflow' ? 'workflow' : 'completion'

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** A workflow's outputs as markdown, when it streamed no text: one output as itself, several titled. */
export function outputsText(outputs: Record<string, unknown>): string {
  const entries = Object.entries(outputs)
  if (entries.length === 1) return String(entries[0]?.[1] ?? '')
  return entries.map(([name, value]) => `**${name}**\n\n${String(value)}`).join('\n\n')
}

/** Saved results that still look like results (storage is the page's to change). */
function loadSaved(storage: Storage | null, key: string, user: string | null): Result[] {
  try {
    const saved: unknown = JSON.parse(storage?.getItem(key) ?? 'null')
    if (!isObject(saved) || saved.user !== user || !Array.isArray(saved.results)) return []
    return saved.results
      .filter(
        (r): r is Result =>
          isObject(r) &&
          typeof r.id === 'string' &&
          typeof r.text === 'string' &&
          (r.state === 'done' || r.state === 'error') &&
          isObject(r.inputs) &&
          typeof r.at === 'number',
      )
      .map(
        (r): Result => ({
          ...r,
          role: 'assistant',
          files: [],
          sources: [],
          feedback: r.feedback ?? null,
        }),
      )
      .slice(0, KEEP_RESULTS)
  } catch {
    return []
  }
}

export function createGenerator(deps: GeneratorDeps): GeneratorStore {
  const { relay, session, app, storage, key, emit } = deps
  const userOf = () => session.$session.get().user
  let user = userOf()
  const $results = atom<Result[]>(loadSaved(storage, key, user))
  const $running = atom(false)
  const $announcement = atom('')
  let current: { controller: AbortController; latest: () => ChatMessage; kind: Kind } | null = null
  let seq = 0

  const save = () => {
    const done = $results.get().filter((r) => r.state !== 'streaming')
    const results = done.map(({ text, files, sources, steps, earlier, ...r }) => ({
      ...r,
      text: text.slice(0, SAVED_CHARS),
    }))
    try {
      storage?.setItem(key, JSON.stringify({ user, results }))
    } catch {}
  }
  const put = (message: ChatMessage) =>
    $results.set(
      $results.get().map((r) => (r.id === message.id ? ({ ...r, ...message } as Result) : r)),
    )
  const find = (id: string) => $results.get().find((r) => r.id === id)
  const abandon = () => {
    current?.controller.abort()
    current = null
    $running.set(false)
  }
  // Another user signed in (or out): their results are not this one's.
  const unlisten = session.$session.listen(() => {
    if (userOf() === user) return
    abandon()
    user = userOf()
    $results.set([])
    $announcement.set('')
  })

  async function run(result: Result): Promise<void> {
    const controller = new AbortController()
    const { signal } = controller
    const stream = answerStream(result, put, signal)
    const mine = { controller, latest: stream.latest, kind: 'completion' as Kind }
    current = mine
    $running.set(true)
    if (!app.$appInfo.get().info) await app.load()
    if (signal.aborted) return
    const kind = kindOf(app.$appInfo.get().info?.mode)
    mine.kind = kind
    let outputs: Record<string, unknown> | undefined
    const failed = await stream.end(
      relay.chat(
        { inputs: result.inputs },
        (event) => {
          if (event.type === 'end' && event.outputs) outputs = event.outputs
          stream.apply(event)
        },
        signal,
        ROUTES[kind],
      ),
    )
    if (signal.aborted) return
    let msg: ChatMessage = stream.latest()
    if (msg.state === 'streaming') msg = failAnswer(msg, chatError(failed))
    // A workflow run's id is no message: nothing to rate or read aloud.
    if (kind === 'workflow') msg = { ...msg, messageId: undefined }
    const done: Result = { ...result, ...msg, ...(outputs && { outputs }) }
    if (outputs && !done.text) done.text = outputsText(outputs)
    current = null
    $running.set(false)
    put(done)
    save()
    if (done.error) {
      emit('error', { code: done.error.code, message: done.error.message })
      return
    }
    $announcement.set(deps.plainText(done.text))
    deps.markUnread()
    emit('message', {
      role: 'assistant',
      text: done.text,
      messageId: msg.messageId,
      inputs: done.inputs,
      ...(outputs && { outputs }),
    })
  }

  const again = (id: string) => {
    const r = find(id)
    if (r && !$running.get()) store.generate(r.inputs)
  }

  const store: GeneratorStore = {
    $results,
    $running,
    $announcement,
    generate(inputs) {
      if ($running.get()) return false
      const mode = app.$appInfo.get().info?.mode
      if (!isObject(inputs) || (mode && mode !== 'completion' && mode !== 'workflow')) {
        warnConsole(
          mode && isObject(inputs)
            ? 'Parley.generate() is for text-generation and workflow apps: this one is a chat (use Parley.send)'
            : 'Parley.generate() takes an object of inputs',
        )
        return false
      }
      session.keep()
      const given = { ...deps.inputs, ...inputs }
      const id = `r${Date.now().toString(36)}${++seq}`
      const result: Result = {
        ...pendingAnswer(id, JSON.stringify(given)),
        inputs: given,
        at: Date.now(),
      }
      $results.set([result, ...$results.get()].slice(0, KEEP_RESULTS))
      void run(result)
      return true
    },
    stop() {
      if (!current) return
      const { latest, kind } = current
      const msg = latest()
      abandon()
      put(stopAnswer(msg))
      save()
      if (msg.taskId) {
        const path = kind === 'workflow' ? ROUTES.workflowStop : ROUTES.completionStop
        relay.request(path(msg.taskId), { method: 'POST', body: '{}' }).catch(() => {})
      }
    },
    retry: again,
    regenerate: again,
    // As the chat's rate (stores/chat.ts), plus saving; the chat keeps its own inline, where a
    // shared helper cost the app ~30 B of its budget.
    async rate(id, rating) {
      const r = find(id)
      if (!r?.messageId) return
      const next: Rating = r.feedback === rating ? null : rating
      put({ ...r, feedback: next })
      try {
        await relay.feedback(r.messageId, { rating: next })
      } catch {
        const now = find(id)
        if (now) put({ ...now, feedback: r.feedback })
      }
      save()
    },
    answerForm: () => Promise.reject(new RelayError('bad_request')),
    destroy() {
      abandon()
      unlisten()
    },
  }
  return store
}
