/**
 * Dify stream frame → widget events. An allowlist: only the fields named here reach the browser;
 * node inputs/outputs, prompts, tool inputs, usage/prices and internal ids never do.
 */
import type { ErrorEvent, WidgetEvent } from '@parley/shared'
import { mapDifyError } from './errors.ts'
import { type FormDraft, readHumanInputForm } from './human-input.ts'
import { cap, toSources } from './sources.ts'
import { pickOutputs } from './workflow-outputs.ts'

/**
 * What kind of run the frames are of (dify-api.md Part 2 §A, §B): a chat answer starts with its
 * conversation and message; a text generator's result has no conversation (`''`); a workflow run
 * has neither, its run id stands for the message, its text comes as `text_chunk` and its `end`
 * carries the listed `outputs`.
 */
export type AnswerFlow =
  | { kind: 'chat' }
  | { kind: 'completion' }
  | { kind: 'workflow'; outputs: readonly string[] }

export const CHAT_FLOW: AnswerFlow = { kind: 'chat' }

/** Per-answer state threaded through `mapDifyFrame`; start with `initialAnswerState()`. */
export interface AnswerState {
  readonly started: boolean
  /** A terminal widget event (`end` or `error`) went out; everything after is dropped. */
  readonly ended: boolean
  readonly messageId: string | null
  readonly hasText: boolean
  readonly lastStatus: string | null
  /** Paths of files already sent (signed query strings differ between frames for the same file). */
  readonly filePaths: readonly string[]
  /** Human-input forms handed on for the widget to show. */
  readonly forms: number
  /** A form the answer waits on could not be shown (see human-input.ts). */
  readonly formRefused: boolean
}

export interface FrameContext {
  /** Origin that Dify's relative `/files/...` URLs resolve against. */
  difyOrigin: string
  /** An assistant file's URL made absolute, or null when it is not on a Dify file origin. */
  fileUrl(url: unknown): string | null
}

export interface FrameResult {
  state: AnswerState
  events: WidgetEvent[]
  /**
   * A human-input form to show after `events`: it goes out once its handle is sealed
   * (answer-events.ts), so it is not a widget event yet.
   */
  form?: FormDraft
  /** Why something Dify sent was not shown, for the relay's log. */
  warning?: string
}

export function initialAnswerState(): AnswerState {
  return {
    started: false,
    ended: false,
    messageId: null,
    hasText: false,
    lastStatus: null,
    filePaths: [],
    forms: 0,
    formRefused: false,
  }
}

// Structural chatflow nodes: their titles ("Start", "IF/ELSE", …) say nothing to a visitor.
const QUIET_NODES = new Set([
  'start',
  'end',
  'answer',
  'if-else',
  'variable-aggregator',
  'variable-assigner',
  'assigner',
  'iteration-start',
  'loop-start',
  'loop-end',
])

const MAX_LABEL = 80
/** Dify sends one `human_input_required` per waiting form; more than this is not a chat's form. */
const MAX_FORMS = 5
const PAUSED_MESSAGE = 'The assistant stopped to wait for input this chat cannot provide.'
const UNSHOWABLE_FORM = 'The assistant is waiting for input in a form this chat cannot show.'
const FAILED_MESSAGE = 'The assistant failed to answer. Please try again.'

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

/** Maps one parsed Dify data frame; pure: returns the next state instead of changing `state`. */
export function mapDifyFrame(
  frame: unknown,
  state: AnswerState,
  ctx: FrameContext,
  flow: AnswerFlow = CHAT_FLOW,
): FrameResult {
  const f = record(frame)
  if (state.ended || typeof f.event !== 'string') return { state, events: [] }
  const events: WidgetEvent[] = []
  let next = state
  let form: FormDraft | undefined
  let warning: string | undefined

  const conversationId = flow.kind === 'chat' ? text(f.conversation_id) : ''
  const messageId = flow.kind === 'workflow' ? text(f.workflow_run_id) : text(f.message_id)
  if (!next.started && conversationId !== null && messageId) {
    // `error` frames carry no task_id; the start still hands the widget the new conversation.
    events.push({ type: 'start', conversationId, messageId, taskId: text(f.task_id) ?? '' })
    next = { ...next, started: true, messageId }
  }

  const emitStatus = (label: string | null) => {
    if (!label) return
    const capped = cap(label, MAX_LABEL)
    if (capped === '' || capped === next.lastStatus) return
    events.push({ type: 'status', label: capped })
    next = { ...next, lastStatus: capped }
  }
  const emitFile = (url: unknown, fileType: unknown) => {
    const absolute = ctx.fileUrl(url)
    if (!absolute) return
    const path = new URL(absolute).pathname
    if (next.filePaths.includes(path)) return
    events.push({ type: 'file', url: absolute, fileType: text(fileType) ?? 'file' })
    next = { ...next, filePaths: [...next.filePaths, path] }
  }
  const end = (id: string | null, sources: unknown, outputs?: Record<string, string>) => {
    const finalId = id ?? next.messageId ?? ''
    const shown = toSources(sources, ctx.difyOrigin)
    events.push({ type: 'end', messageId: finalId, sources: shown, ...(outputs && { outputs }) })
    next = { ...next, ended: true }
  }
  const fail = (error: ErrorEvent) => {
    events.push(error)
    next = { ...next, ended: true }
  }

  switch (f.event) {
    case 'message':
    case 'agent_message':
      if (flow.kind !== 'workflow') appendText(f.answer)
      break
    case 'text_chunk':
      // A workflow's streamed output; in a chatflow Dify sends `message` frames instead.
      if (flow.kind === 'workflow') appendText(record(f.data).text)
      break
    case 'message_file':
      // Quirk (#36990): once a message has an assistant file, Chatbot/Agent text chunks
      // arrive as `message_file` frames with `answer` and no `url`.
      if (typeof f.answer === 'string' && !text(f.url)) appendText(f.answer)
      else if (f.belongs_to !== 'user') emitFile(f.url, f.type)
      break
    case 'message_replace':
      if (typeof f.answer === 'string') {
        events.push({ type: 'replace', text: f.answer })
        next = { ...next, hasText: f.answer !== '' }
      }
      break
    case 'node_started': {
      const data = record(f.data)
      if (typeof data.node_type === 'string' && !QUIET_NODES.has(data.node_type)) {
        emitStatus(text(data.title))
      }
      break
    }
    case 'agent_thought':
      emitStatus(toolLabel(f.tool, f.tool_labels))
      break
    case 'message_end':
      for (const file of Array.isArray(f.files) ? f.files : []) {
        const entry = record(file)
        // Chatbot lists the visitor's uploads here too; only tool/assistant output is new.
        if (entry.belongs_to === 'assistant' || entry.transfer_method === 'tool_file') {
          emitFile(entry.url, entry.type)
        }
      }
      end(text(f.id) ?? messageId, record(f.metadata).retriever_resources)
      break
    case 'workflow_finished': {
      const data = record(f.data)
      // Chatflow may send this before or instead of `message_end`; a stopped run ends with its partial answer.
      if (
        data.status === 'succeeded' ||
        data.status === 'partial-succeeded' ||
        data.status === 'stopped'
      ) {
        end(
          null,
          [],
          flow.kind === 'workflow' ? pickOutputs(data.outputs, flow.outputs) : undefined,
        )
      } else {
        fail({
          type: 'error',
          code: 'upstream_error',
          // A node's error text can carry internal URLs, credentials or node output: never forwarded.
          message: FAILED_MESSAGE,
          retryable: true,
        })
      }
      break
    }
    case 'human_input_required': {
      // A form Dify delivers elsewhere (email) is not shown: the answer ends at the pause with its
      // text so far. Its filled/timeout events on the resumed run are not forwarded either: what
      // the run does next (its answer, or its timeout branch's) is.
      if (next.forms >= MAX_FORMS) break
      const reading = readHumanInputForm(f.data, f.workflow_run_id)
      if (reading === null) break
      if ('refused' in reading) {
        warning = reading.refused
        next = { ...next, formRefused: true }
      } else {
        form = reading.draft
        next = { ...next, forms: next.forms + 1 }
      }
      break
    }
    case 'workflow_paused':
      // The pause ends this stream; answering the form streams the rest (routes/forms.ts).
      if (next.formRefused) {
        fail({ type: 'error', code: 'upstream_error', message: UNSHOWABLE_FORM, retryable: false })
      } else if (next.forms > 0 || next.hasText) end(null, [])
      else
        fail({ type: 'error', code: 'upstream_error', message: PAUSED_MESSAGE, retryable: false })
      break
    case 'error': {
      const status = typeof f.status === 'number' ? f.status : 500
      const err = mapDifyError(status, { code: f.code, message: f.message })
      fail({ type: 'error', code: err.code, message: err.message, retryable: err.retryable })
      break
    }
  }
  return { state: next, events, ...(form && { form }), ...(warning && { warning }) }

  function appendText(answer: unknown) {
    if (typeof answer !== 'string' || answer === '') return
    events.push({ type: 'delta', text: answer })
    // Most frames are deltas of an answer that already has text: no new state to build then.
    if (!next.hasText) next = { ...next, hasText: true }
  }
}

/** `tool` may name several tools joined by `;`; `tool_labels` maps a name to `{ en_US, … }`. */
function toolLabel(tool: unknown, labels: unknown): string | null {
  const names = typeof tool === 'string' ? tool.split(';').map((n) => n.trim()) : []
  const shown = names.filter(Boolean).map((name) => {
    const label = record(labels)[name]
    if (typeof label === 'string' && label !== '') return label
    return text(record(label).en_US) ?? name
  })
  return shown.length > 0 ? `Using ${shown.join(', ')}` : null
}
