/** Workflow app runs (`/workflows/run`): Start → LLM (its text streams as `text_chunk`) → End, as dify-api.md Part 2 §B.1 shows. */
import type { WorkflowRun } from './chatflow.ts'
import { nodeActions } from './chatflow.ts'
import type { Action, NodeScript, Scenario } from './scenario.ts'

const defaultNodes = (run: WorkflowRun, outputs: Record<string, unknown>): NodeScript[] => [
  { title: 'Start', type: 'start', inputs: null, outputs: { ...run.inputs } },
  { title: 'LLM', type: 'llm', inputs: null, outputs: { text: outputs.result ?? '' } },
  { title: 'End', type: 'end', inputs: null, outputs },
]

/** `sys.conversation_id` is left out of a workflow's inputs since ~v1.10. */
function workflowStarted(run: WorkflowRun): Action {
  const inputs = {
    ...run.inputs,
    'sys.files': [],
    'sys.user_id': run.user,
    'sys.app_id': 'a0d7e1c2-0000-4000-8000-000000000001',
    'sys.workflow_id': run.workflowId,
    'sys.workflow_run_id': run.runId,
  }
  const data = {
    id: run.runId,
    workflow_id: run.workflowId,
    inputs,
    created_at: run.createdAt,
    reason: 'initial',
  }
  return { kind: 'frame', event: 'workflow_started', fields: { data } }
}

/** The run's outputs: the scenario's, else `{ result: <the streamed text> }`. */
export function workflowOutputs(scenario: Scenario, chunks: string[]): Record<string, unknown> {
  return scenario.outputs ?? { result: chunks.join('') }
}

/**
 * The whole script. A failed run ends with its node's failure and `workflow_finished{failed}`, and
 * no trailing `error` (§B.1); a scripted `error` frame ends it where it is.
 */
export function workflowActions(scenario: Scenario, chunks: string[], run: WorkflowRun): Action[] {
  const outputs = workflowOutputs(scenario, chunks)
  const nodes = scenario.nodes ?? defaultNodes(run, outputs)
  const end = scenario.workflowEnd ?? 'succeeded'
  const played = nodeActions(
    run,
    nodes,
    scenario,
    chunks,
    end === 'failed'
      ? (error) => [{ kind: 'workflowFinished', status: 'failed', error }]
      : undefined,
  )
  const actions: Action[] = [workflowStarted(run), ...played.actions]
  if (played.ended) return actions
  const error = end === 'stopped' ? 'Stopped by user.' : null
  actions.push({
    kind: 'workflowFinished',
    status: end === 'stopped' ? 'stopped' : 'succeeded',
    error,
  })
  return actions
}
