/**
 * Plays a compiled run: emits its frames, keeps the answer, saves the message as Dify does, and
 * honours stop. It never waits for the reader, so a disconnected client does not stop generation.
 */
import type { WorkflowRun } from './chatflow.ts'
import { workflowFinishedFields } from './chatflow.ts'
import type { Delivery } from './delivery.ts'
import type { RunIds } from './frames.ts'
import {
  dataFrame,
  envelope,
  errorEnvelope,
  messageEndFile,
  PING_FRAME,
  usage,
  workflowEnvelope,
  workflowErrorEnvelope,
} from './frames.ts'
import type { HumanInputScript } from './human-input.ts'
import { formDefinition, workflowPausedFields } from './human-input.ts'
import type { Action } from './scenario.ts'
import type {
  AgentThoughtRecord,
  AppMode,
  HumanInputFormRecord,
  MessageFileRecord,
  MessageRecord,
  RetrieverResource,
  WorkflowRunRecord,
} from './state.ts'
import { nowSeconds } from './state.ts'

/** Where a run's frames go: its response (`Delivery`), or a resumed run's subscribers (topic.ts). */
export type RunOutput = Pick<Delivery, 'attached' | 'write' | 'hang' | 'destroy' | 'close'>

export interface Run {
  ids: RunIds
  mode: AppMode
  message: MessageRecord
  sources: RetrieverResource[]
  fileTextQuirk: boolean
  llmNodeId: string
  workflow: WorkflowRun | null
  /** The chatflow run's record, kept up to date: paused, finished. */
  record: WorkflowRunRecord | null
  /** A workflow app's outputs when it succeeds; default `{ answer }` (a chatflow's). */
  outputs?: Record<string, unknown>
  /** The answer before this part of the run (a resumed run goes on from its pause). */
  answerBefore?: string
  /** Registers the form the run pauses on at its `node`th node (resume.ts). */
  pause: (script: HumanInputScript, node: number) => HumanInputFormRecord
  stopRequested: () => boolean
  /** Resolves early when the run is stopped or the emulator disposed. */
  sleep: (ms: number) => Promise<void>
  disposed: () => boolean
}

export type Outcome =
  | { kind: 'end'; metadata: Record<string, unknown> }
  | { kind: 'error'; code: string; status: number; message: string }
  | { kind: 'paused' }
  | { kind: 'incomplete' }

export async function play(run: Run, actions: Action[], out: RunOutput | null): Promise<Outcome> {
  const { ids, message } = run
  const started = Date.now()
  let answer = run.answerBefore ?? ''
  let assistantFile = false
  let outcome: Outcome = { kind: 'incomplete' }
  const thoughts = new Map<number, AgentThoughtRecord>()
  // A workflow app's frames carry its run, not a conversation and a message.
  const runId = run.mode === 'workflow' ? (run.workflow?.runId ?? '') : null
  const send = (event: string, fields: Record<string, unknown>) =>
    out?.write(
      dataFrame(
        runId === null ? envelope(ids, event, fields) : workflowEnvelope(runId, ids, event, fields),
      ),
    )

  const textFrame = (text: string) => {
    if (run.mode === 'workflow') {
      return send('text_chunk', { data: { text, from_variable_selector: [run.llmNodeId, 'text'] } })
    }
    if (run.mode === 'agent-chat' && !(assistantFile && run.fileTextQuirk)) {
      return send('agent_message', { id: ids.messageId, answer: text })
    }
    const event =
      assistantFile && run.fileTextQuirk && run.mode !== 'advanced-chat'
        ? 'message_file'
        : 'message'
    const selector = run.mode === 'advanced-chat' ? [run.llmNodeId, 'text'] : null
    send(event, { id: ids.messageId, answer: text, from_variable_selector: selector })
  }

  const end = () => {
    const metadata = {
      annotation_reply: null,
      retriever_resources: run.sources,
      usage: usage(message.query, answer, (Date.now() - started) / 1000),
    }
    const all = message.files.map(messageEndFile)
    // Chatflow lists only the answer's files; Chatbot/Agent every file of the message, or null.
    const files =
      run.mode === 'advanced-chat'
        ? message.files.filter((f) => f.belongs_to === 'assistant').map(messageEndFile)
        : all.length > 0
          ? all
          : null
    send('message_end', { id: ids.messageId, metadata, files })
    Object.assign(message, {
      answer,
      status: 'normal',
      retrieverResources: run.sources,
      done: true,
    })
    outcome = { kind: 'end', metadata }
  }

  const workflowFinished = (status: 'succeeded' | 'failed' | 'stopped', error: string | null) => {
    if (!run.workflow) return
    const fields = workflowFinishedFields(run.workflow, status, error, answer, run.outputs)
    send('workflow_finished', fields)
    if (run.record) Object.assign(run.record, { status, finished: fields })
    // A workflow app's run has no message: it is over here.
    if (run.mode === 'workflow') {
      Object.assign(message, {
        answer,
        done: true,
        status: status === 'failed' ? 'error' : 'normal',
      })
    }
  }

  const stopEnding = () => {
    if (run.mode !== 'advanced-chat' && run.mode !== 'workflow') return end()
    workflowFinished('stopped', 'Stopped by user.')
    if (run.mode !== 'workflow') end()
  }

  for (const action of actions) {
    if (run.disposed()) break
    if (run.stopRequested()) {
      stopEnding()
      break
    }
    switch (action.kind) {
      case 'text':
        answer += action.text
        textFrame(action.text)
        break
      case 'frame':
        send(action.event, action.fields)
        break
      case 'replace':
        answer = action.answer
        send('message_replace', { answer: action.answer, reason: action.reason })
        break
      case 'file': {
        const file: MessageFileRecord = {
          id: crypto.randomUUID(),
          type: action.type,
          url: action.url,
          belongs_to: action.belongsTo,
          transfer_method: 'tool_file',
          upload_file_id: null,
        }
        message.files.push(file)
        if (action.belongsTo === 'assistant') assistantFile = true
        send('message_file', {
          id: file.id,
          type: file.type,
          belongs_to: file.belongs_to,
          url: file.url,
        })
        break
      }
      case 'thought': {
        const record: AgentThoughtRecord = thoughts.get(action.index) ?? {
          id: crypto.randomUUID(),
          position: action.index + 1,
          thought: '',
          tool: action.tool,
          tool_labels: { [action.tool]: { en_US: action.tool, zh_Hans: action.tool } },
          tool_input: action.toolInput,
          observation: '',
          created_at: nowSeconds(),
          files: [],
        }
        Object.assign(record, { thought: action.thought, observation: action.observation })
        if (!thoughts.has(action.index)) message.agentThoughts.push(record)
        thoughts.set(action.index, record)
        const { created_at: _, files, ...fields } = record
        send('agent_thought', { ...fields, message_files: files })
        break
      }
      case 'end':
        end()
        break
      case 'error':
        out?.write(
          dataFrame(
            runId === null ? errorEnvelope(ids, action) : workflowErrorEnvelope(runId, action),
          ),
        )
        Object.assign(message, { status: 'error', error: action.message, done: true })
        outcome = {
          kind: 'error',
          code: action.code,
          status: action.status,
          message: action.message,
        }
        break
      case 'workflowFinished':
        workflowFinished(action.status, action.error)
        break
      case 'pause': {
        if (!run.workflow) break
        // Saved first: the form can be answered as soon as its token is out.
        Object.assign(message, { answer, status: 'paused', done: true })
        if (run.record) run.record.status = 'paused'
        const form = run.pause(action.script, action.node)
        const { runId, createdAt } = run.workflow
        send('human_input_required', { workflow_run_id: runId, data: formDefinition(form) })
        send('workflow_paused', workflowPausedFields(runId, createdAt, [form]))
        outcome = { kind: 'paused' }
        break
      }
      case 'ping':
        out?.write(PING_FRAME)
        break
      case 'wait':
        await run.sleep(action.ms)
        break
      case 'hang':
        out?.hang()
        break
      case 'destroy':
        out?.destroy()
        break
      case 'close':
        out?.close()
        break
      case 'pingForever':
        while (out?.attached && !run.stopRequested() && !run.disposed()) {
          out.write(PING_FRAME)
          await run.sleep(action.intervalMs)
        }
        if (run.stopRequested() && !run.disposed()) stopEnding()
        break
    }
  }
  out?.close()
  return outcome
}
