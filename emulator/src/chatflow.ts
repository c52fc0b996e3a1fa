/** Chatflow (advanced-chat) runs: workflow and node events around the answer, in Dify's terminal orders. */
import { DEFAULT_FORM } from './human-input.ts'
import type { Action, NodeScript, Scenario } from './scenario.ts'
import { chatActions } from './scenario.ts'

export interface WorkflowRun {
  runId: string
  workflowId: string
  query: string
  user: string
  conversationId: string
  inputs: Record<string, unknown>
  createdAt: number
}

const defaultNodes = (run: WorkflowRun, answer: string): NodeScript[] => [
  {
    title: 'Start',
    type: 'start',
    inputs: null,
    outputs: { ...run.inputs, 'sys.query': run.query },
  },
  { title: 'LLM', type: 'llm', inputs: null, outputs: { text: answer } },
  { title: 'Answer', type: 'answer', inputs: null, outputs: { answer } },
]

/** The node ids are stable per position so `from_variable_selector` can point at the LLM node. */
export const nodeId = (index: number) => `17115287${String(index).padStart(5, '0')}`

export function llmNodeId(scenario: Scenario): string {
  const index = (scenario.nodes ?? []).findIndex((node) => node.type === 'llm')
  return nodeId(scenario.nodes ? Math.max(index, 0) : 1)
}

function nodeData(run: WorkflowRun, node: NodeScript, index: number): Record<string, unknown> {
  return {
    id: `${run.runId.slice(0, 24)}${String(index).padStart(12, '0')}`,
    node_id: nodeId(index),
    node_type: node.type,
    title: node.title,
    index: index + 1,
    predecessor_node_id: index === 0 ? null : nodeId(index - 1),
    inputs: node.inputs ?? null,
    inputs_truncated: false,
    created_at: run.createdAt,
    extras: {},
    iteration_id: null,
    loop_id: null,
    agent_strategy: null,
  }
}

export function nodeFrame(
  run: WorkflowRun,
  node: NodeScript,
  index: number,
  finished: { status: string; error: string | null } | null,
): Action {
  const data = nodeData(run, node, index)
  const fields = finished
    ? {
        ...data,
        process_data: node.processData ?? null,
        process_data_truncated: false,
        outputs: finished.status === 'succeeded' ? (node.outputs ?? null) : null,
        outputs_truncated: false,
        status: finished.status,
        error: finished.error,
        elapsed_time: (node.durationMs ?? 10) / 1000,
        execution_metadata: node.type === 'llm' ? { total_tokens: 20, currency: 'USD' } : null,
        finished_at: run.createdAt,
        files: [],
      }
    : data
  const event = finished ? 'node_finished' : 'node_started'
  return { kind: 'frame', event, fields: { workflow_run_id: run.runId, data: fields } }
}

/** `reason`: `resumption` when a paused run goes on (its form answered or timed out). */
export function workflowStarted(
  run: WorkflowRun,
  reason: 'initial' | 'resumption' = 'initial',
): Action {
  const inputs = {
    ...run.inputs,
    'sys.query': run.query,
    'sys.files': [],
    'sys.conversation_id': run.conversationId,
    'sys.user_id': run.user,
    'sys.dialogue_count': 1,
    'sys.app_id': 'a0d7e1c2-0000-4000-8000-000000000001',
    'sys.workflow_id': run.workflowId,
    'sys.workflow_run_id': run.runId,
  }
  return {
    kind: 'frame',
    event: 'workflow_started',
    fields: {
      workflow_run_id: run.runId,
      data: {
        id: run.runId,
        workflow_id: run.workflowId,
        inputs,
        created_at: run.createdAt,
        reason,
      },
    },
  }
}

/** `workflow_finished` fields; `answer` is whatever was generated when the run ended. */
export function workflowFinishedFields(
  run: WorkflowRun,
  status: string,
  error: string | null,
  answer: string,
  outputs: Record<string, unknown> = { answer },
): Record<string, unknown> {
  return {
    workflow_run_id: run.runId,
    data: {
      id: run.runId,
      workflow_id: run.workflowId,
      status,
      outputs: status === 'succeeded' ? outputs : {},
      error,
      elapsed_time: 1.8,
      total_tokens: 20,
      total_steps: 3,
      created_by: { id: 'e7a3c1d0-0000-4000-8000-000000000002', user: run.user },
      created_at: run.createdAt,
      finished_at: run.createdAt + 2,
      exceptions_count: 0,
      files: [],
    },
  }
}

/**
 * `nodes` run in order, the scenario's text streamed inside the first LLM node; with `fail`, that node
 * fails instead and `fail(error)` ends the run. `ended`: the run ended among the nodes (that failure,
 * or a scripted error in the text); `streamed`: an LLM node streamed the text.
 */
export function nodeActions(
  run: WorkflowRun,
  nodes: NodeScript[],
  scenario: Scenario,
  chunks: string[],
  fail?: (error: string) => Action[],
): { actions: Action[]; ended: boolean; streamed: boolean } {
  const actions: Action[] = []
  let streamed = false
  for (const [index, node] of nodes.entries()) {
    actions.push(nodeFrame(run, node, index, null))
    if (node.durationMs) actions.push({ kind: 'wait', ms: node.durationMs })
    if (node.type === 'llm' && !streamed) {
      streamed = true
      if (fail) {
        const error = scenario.workflowError ?? 'LLM node failed: the model is overloaded.'
        actions.push(nodeFrame(run, node, index, { status: 'failed', error }), ...fail(error))
        return { actions, ended: true, streamed }
      }
      const body = chatActions(scenario, chunks)
      actions.push(...body.actions)
      if (body.failed) return { actions, ended: true, streamed }
    }
    actions.push(nodeFrame(run, node, index, { status: 'succeeded', error: null }))
  }
  return { actions, ended: false, streamed }
}

/** The whole chatflow script, ending in the terminal order `workflowEnd` asks for. */
export function chatflowActions(scenario: Scenario, chunks: string[], run: WorkflowRun): Action[] {
  const nodes = scenario.nodes ?? defaultNodes(run, chunks.join(''))
  const end = scenario.workflowEnd ?? (scenario.humanInput ? 'paused' : 'succeeded')
  const close: Action[] = scenario.truncateAfterWorkflow ? [{ kind: 'close' }] : []
  const played = nodeActions(
    run,
    nodes,
    scenario,
    chunks,
    end === 'failed'
      ? (error) => [
          { kind: 'workflowFinished', status: 'failed', error },
          ...close,
          { kind: 'error', code: 'invalid_param', status: 400, message: `Run failed: ${error}` },
        ]
      : undefined,
  )
  const actions: Action[] = [workflowStarted(run), ...played.actions]
  if (played.ended) return actions
  if (!played.streamed) {
    const body = chatActions(scenario, chunks)
    actions.push(...body.actions)
    if (body.failed) return actions
  }
  if (end === 'succeeded') {
    actions.push(
      { kind: 'end' },
      { kind: 'workflowFinished', status: 'succeeded', error: null },
      ...close,
    )
  } else if (end === 'stopped') {
    actions.push(
      { kind: 'workflowFinished', status: 'stopped', error: 'Stopped by user.' },
      ...close,
    )
    actions.push({ kind: 'end' })
  } else if (end === 'paused') {
    // The human-input node starts, and the run waits on its form (human-input.ts, resume.ts).
    const script = scenario.humanInput ?? {}
    const node: NodeScript = { title: script.title ?? DEFAULT_FORM.title, type: 'human-input' }
    actions.push(nodeFrame(run, node, nodes.length, null))
    actions.push({ kind: 'pause', script, node: nodes.length }, ...close)
  }
  return actions
}
