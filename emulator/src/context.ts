/** What the emulator's routes share: options, state, the scripted-answer queue and run lifecycles. */
import type { AppOverrides, AppSettings } from './app-settings.ts'
import { withOverrides } from './app-settings.ts'
import type { Delivery } from './delivery.ts'
import type { FormFile } from './form-summary.ts'
import type { HumanInputScript } from './human-input.ts'
import type { Scenario } from './scenario.ts'
import type { AppMode, EmulatorState, MessageRecord } from './state.ts'
import { createState } from './state.ts'
import type { Topic } from './topic.ts'

export interface EmulatorOptions {
  /** The app key the Bearer header must carry. null accepts any request (demo mode). Default `app-test-key`. */
  apiKey?: string | null
  /** Default `chat`. */
  mode?: AppMode
  /** The app's settings; `site` fields are changed one by one. */
  app?: AppOverrides
  /** The answer to a query when no scenario gives one. Default: an echo. */
  answer?: (query: string) => string
  /** `GET /messages/:id/suggested` data. */
  suggestions?: (message: MessageRecord) => string[]
  /** `/audio-to-text`'s transcription of a recording. Default: a fixed sentence. */
  transcript?: (file: FormFile) => string
  /** Applied under every answer's own scenario (e.g. a pace for every answer). */
  scenario?: Scenario
  /**
   * Human input (Dify 1.13+): the answer to a message containing `keyword` (default `approve`, any
   * case) runs as a chatflow that pauses on this form (default: an `Approval` node with a paragraph
   * `feedback` and the actions approve and reject), answered at `/form/human_input/:token` and
   * resumed on `/workflow/:run/events`. A short `expiresInMs` makes a form that expires.
   */
  humanInput?: HumanInputScript & { keyword?: string }
}

export const DEFAULT_API_KEY = 'app-test-key'

/** What `/audio-to-text` hears in every recording unless `transcript` says otherwise. */
export const TRANSCRIPT = 'Where is my order?'

export interface EmulatorContext {
  readonly apiKey: string | null
  readonly mode: AppMode
  readonly app: AppSettings
  readonly state: EmulatorState
  /** Chatflow runs' event channels (topic.ts), by run id. */
  readonly topics: Map<string, Topic>
  answer(query: string): string
  suggestions(message: MessageRecord): string[]
  transcript(file: FormFile): string
  /** The next scripted scenario (merged over the default), or the default. */
  takeScenario(): Scenario
  /** The human-input pause a message asks for (`humanInput`'s keyword), or null. */
  humanInputFor(query: string): HumanInputScript | null
  /** Calls `fn` after `ms` unless the emulator is disposed first; never holds up `settled()`. */
  later(ms: number, fn: () => void): void
  enqueue(scenarios: Scenario[]): void
  readonly disposed: boolean
  dispose(): void
  /** A sleep that ends early when `wake` is called for its group, or on dispose. */
  sleep(ms: number, group: Set<() => void>): Promise<void>
  /** Resolves when `signal` aborts or the emulator is disposed. */
  hold(signal: AbortSignal): Promise<void>
  /** Keeps a run's promise and delivery until it ends, so `settled()` and `dispose()` reach it. */
  track(run: Promise<unknown>, delivery: Delivery | null): void
  settled(): Promise<void>
}

export function createContext(options: EmulatorOptions): EmulatorContext {
  const queue: Scenario[] = []
  const running = new Set<Promise<unknown>>()
  const deliveries = new Set<Delivery>()
  const sleepers = new Set<() => void>()
  const timers = new Set<ReturnType<typeof setTimeout>>()
  let disposed = false
  const base = options.scenario ?? {}
  const app = withOverrides(options.app)
  const { keyword = 'approve', ...humanInput } = options.humanInput ?? {}

  return {
    apiKey: options.apiKey === undefined ? DEFAULT_API_KEY : options.apiKey,
    mode: options.mode ?? 'chat',
    app,
    state: createState(),
    topics: new Map(),
    answer: options.answer ?? ((query) => `You said: ${query}`),
    suggestions:
      options.suggestions ??
      ((message) => [
        `Tell me more about "${message.query.slice(0, 40)}"`,
        'Can you give an example?',
        'What should I do next?',
      ]),
    transcript: options.transcript ?? (() => TRANSCRIPT),
    takeScenario: () => ({ ...base, ...queue.shift() }),
    humanInputFor: (query) =>
      options.humanInput && query.toLowerCase().includes(keyword.toLowerCase()) ? humanInput : null,
    later(ms, fn) {
      // Past setTimeout's range (about 24.8 days) it would fire at once: such a deadline never comes.
      if (disposed || ms > 2_147_483_647) return
      const timer = setTimeout(() => {
        timers.delete(timer)
        if (!disposed) fn()
      }, ms)
      timers.add(timer)
    },
    enqueue: (scenarios) => {
      queue.push(...scenarios)
    },
    get disposed() {
      return disposed
    },
    dispose() {
      disposed = true
      queue.length = 0
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      for (const wake of [...sleepers]) wake()
      for (const delivery of deliveries) delivery.abort()
    },
    sleep(ms, group) {
      if (disposed) return Promise.resolve()
      return new Promise((resolve) => {
        const wake = () => {
          clearTimeout(timer)
          group.delete(wake)
          sleepers.delete(wake)
          resolve()
        }
        const timer = setTimeout(wake, ms)
        group.add(wake)
        sleepers.add(wake)
      })
    },
    hold(signal) {
      return new Promise((resolve) => {
        const release = () => {
          sleepers.delete(release)
          resolve()
        }
        if (disposed || signal.aborted) return resolve()
        signal.addEventListener('abort', release, { once: true })
        sleepers.add(release)
      })
    },
    track(run, delivery) {
      running.add(run)
      if (delivery) deliveries.add(delivery)
      // A hung delivery outlives its run; keep it until its reader leaves so dispose() can end it.
      for (const d of deliveries) if (!d.attached) deliveries.delete(d)
      void run.finally(() => running.delete(run))
    },
    async settled() {
      while (running.size > 0) await Promise.allSettled([...running])
    },
  }
}
