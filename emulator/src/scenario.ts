/** How tests (and the demo) script an answer: the `Scenario` and the steps a run is compiled into. */
import type { HumanInputScript } from './human-input.ts'
import type { AppMode, RetrieverResource } from './state.ts'

/**
 * One scripted `/chat-messages` answer. Everything is optional: an empty scenario streams the
 * emulator's default answer word by word and ends with `message_end`.
 *
 * `afterChunks` places an event after that many answer chunks (0 = before the first).
 */
export interface Scenario {
  /** App mode for this answer; defaults to the emulator's. */
  mode?: AppMode
  /** The full answer, streamed word by word. Default: the emulator's answer generator. */
  answer?: string
  /** The answer as explicit deltas (overrides `answer`). */
  chunks?: string[]
  /** Generation pace: wait before each data frame but the first. A function gets the frame index. */
  frameDelayMs?: number | ((index: number) => number)
  /** Delivery: cut the bytes every `size` bytes and/or at offsets `at`, waiting `delayMs` between writes (0: one event-loop turn). */
  bytes?: { size?: number; at?: number[]; delayMs?: number }
  /** `event: ping` frames: `before` the first data frame, and one after `every` n data frames. */
  pings?: { before?: number; every?: number }
  /** A stream of only pings, forever (Dify's chatflow hang, #35611). */
  onlyPings?: { intervalMs: number }
  /** Answer with this HTTP error instead of a stream. A string body is sent as is (an HTML 502). */
  httpError?: { status: number; body: unknown; contentType?: string }
  /** Never answer the request (no status line, no byte) until the client goes away. */
  hangBeforeResponse?: boolean
  /** After n data frames, send nothing more but keep the connection open. Generation goes on. */
  hangAfterFrames?: number
  /** After n data frames, destroy the connection abruptly. Generation goes on. */
  destroyAfterFrames?: number
  /** A Dify `error` event ends the stream after `afterChunks` chunks. */
  error?: { afterChunks?: number; code?: string; status?: number; message?: string }
  /** Output moderation: `message_replace` after `afterChunks` chunks. */
  replace?: { afterChunks?: number; answer: string; reason?: string }
  /** Assistant files (`message_file`); the default url is relative, like Dify without FILES_URL. */
  files?: { afterChunks?: number; url?: string; type?: string; belongsTo?: 'assistant' | 'user' }[]
  /** #36990: once an assistant file exists, text chunks are labelled `message_file`. Default true. */
  fileTextQuirk?: boolean
  /** Citations in `message_end.metadata.retriever_resources`. */
  sources?: Partial<RetrieverResource>[]
  /** Agent steps (`agent_thought`), each sent when started and again when its observation is in. */
  thoughts?: {
    afterChunks?: number
    tool: string
    toolInput: string | Record<string, unknown>
    thought?: string
    observation?: string
  }[]
  /** Chatflow nodes, in order; text streams during the first `llm` node. */
  nodes?: NodeScript[]
  /**
   * Chatflow ending: Dify's terminal order for each (dify-api.md §3.4). Default `succeeded`, or
   * `paused` with `humanInput`.
   */
  workflowEnd?: 'succeeded' | 'failed' | 'stopped' | 'paused'
  /** Chatflow: pause on this human-input node after the answer so far (human-input.ts). */
  humanInput?: HumanInputScript
  /** A workflow app's outputs when it succeeds; default `{ result: <the answer> }`. */
  outputs?: Record<string, unknown>
  /** The error text of a failed chatflow or workflow. */
  workflowError?: string
  /** Chatflow v1.12+: the stream ends right after `workflow_finished`/`workflow_paused`. */
  truncateAfterWorkflow?: boolean
}

export interface NodeScript {
  title: string
  type: string
  inputs?: Record<string, unknown> | null
  outputs?: Record<string, unknown> | null
  /** `node_finished` `process_data` (an LLM node's rendered prompts). */
  processData?: Record<string, unknown> | null
  /** How long the node runs between `node_started` and `node_finished` (a search, a tool). */
  durationMs?: number
}

/** One step of a run. Data frames are everything but ping, wait, hang, destroy, pingForever, close. */
export type Action =
  | { kind: 'text'; text: string }
  | { kind: 'frame'; event: string; fields: Record<string, unknown> }
  | { kind: 'replace'; answer: string; reason: string }
  | { kind: 'file'; url: string; type: string; belongsTo: 'assistant' | 'user' }
  | {
      kind: 'thought'
      index: number
      tool: string
      toolInput: string
      thought: string
      observation: string
    }
  | { kind: 'end' }
  | { kind: 'error'; code: string; status: number; message: string }
  | { kind: 'workflowFinished'; status: 'succeeded' | 'failed' | 'stopped'; error: string | null }
  /** The run pauses on a human-input node: `human_input_required`, then `workflow_paused`. */
  | { kind: 'pause'; script: HumanInputScript; node: number }
  | { kind: 'ping' }
  | { kind: 'wait'; ms: number }
  | { kind: 'hang' }
  | { kind: 'destroy' }
  | { kind: 'pingForever'; intervalMs: number }
  | { kind: 'close' }

const NOT_DATA = new Set(['ping', 'wait', 'hang', 'destroy', 'pingForever', 'close'])

export function isDataAction(action: Action): boolean {
  return !NOT_DATA.has(action.kind)
}

/** Word-by-word deltas that join back to exactly `text` (whitespace stays with the word before). */
export function splitWords(text: string): string[] {
  return text.split(/(?<=\s)(?=\S)/).filter((chunk) => chunk !== '')
}

export function answerChunks(scenario: Scenario, fallback: string): string[] {
  return scenario.chunks ?? splitWords(scenario.answer ?? fallback)
}

/**
 * Text chunks with the scenario's `afterChunks` events woven in. `failed` when a scripted `error`
 * ended the run; otherwise the caller appends the mode's ending.
 */
export function chatActions(
  scenario: Scenario,
  chunks: string[],
): { actions: Action[]; failed: boolean } {
  const extras = new Map<number, Action[]>()
  const at = (n: number | undefined, action: Action) => {
    const index = Math.min(Math.max(n ?? 0, 0), chunks.length)
    extras.set(index, [...(extras.get(index) ?? []), action])
  }
  scenario.thoughts?.forEach((t, index) => {
    const toolInput = typeof t.toolInput === 'string' ? t.toolInput : JSON.stringify(t.toolInput)
    const thought = t.thought ?? ''
    at(t.afterChunks, { kind: 'thought', index, tool: t.tool, toolInput, thought, observation: '' })
    const observation = t.observation ?? `${t.tool} finished.`
    at(t.afterChunks, { kind: 'thought', index, tool: t.tool, toolInput, thought, observation })
  })
  for (const f of scenario.files ?? []) {
    at(f.afterChunks, {
      kind: 'file',
      url:
        f.url ?? `/files/tools/${crypto.randomUUID()}.png?timestamp=1747000000&nonce=abc&sign=xyz`,
      type: f.type ?? 'image',
      belongsTo: f.belongsTo ?? 'assistant',
    })
  }
  if (scenario.replace) {
    const { answer, reason = 'Output moderation' } = scenario.replace
    at(scenario.replace.afterChunks ?? chunks.length, { kind: 'replace', answer, reason })
  }
  const error = scenario.error
  const errorAt = error ? Math.min(error.afterChunks ?? 0, chunks.length) : -1
  const actions: Action[] = []
  for (let i = 0; i <= chunks.length; i++) {
    actions.push(...(extras.get(i) ?? []))
    if (error && i === errorAt) {
      actions.push({
        kind: 'error',
        code: error.code ?? 'completion_request_error',
        status: error.status ?? 400,
        message: error.message ?? '[openai] Error: The model is overloaded.',
      })
      return { actions, failed: true }
    }
    const chunk = chunks[i]
    if (chunk !== undefined) actions.push({ kind: 'text', text: chunk })
  }
  return { actions, failed: false }
}

/** Adds the transport-side script: leading pings, periodic pings, pacing, hang and destroy points. */
export function pace(scenario: Scenario, actions: Action[], leadingPings: number): Action[] {
  const out: Action[] = []
  for (let i = 0; i < (scenario.pings?.before ?? leadingPings); i++) out.push({ kind: 'ping' })
  if (scenario.onlyPings)
    return [...out, { kind: 'pingForever', intervalMs: scenario.onlyPings.intervalMs }]
  const delay = scenario.frameDelayMs ?? 0
  const every = scenario.pings?.every ?? 0
  if (scenario.hangAfterFrames === 0) out.push({ kind: 'hang' })
  if (scenario.destroyAfterFrames === 0) out.push({ kind: 'destroy' })
  let frames = 0
  for (const action of actions) {
    if (!isDataAction(action)) {
      out.push(action)
      continue
    }
    const ms = typeof delay === 'function' ? delay(frames) : delay
    if (frames > 0 && ms > 0) out.push({ kind: 'wait', ms })
    out.push(action)
    frames++
    if (every > 0 && frames % every === 0) out.push({ kind: 'ping' })
    if (frames === scenario.hangAfterFrames) out.push({ kind: 'hang' })
    if (frames === scenario.destroyAfterFrames) out.push({ kind: 'destroy' })
  }
  return out
}
