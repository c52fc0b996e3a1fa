/**
 * A chatflow run's human-input pause and what follows it (dify-api.md Part 2 §D): the form is kept
 * with its deadline, and once it is answered (form-route.ts) or times out, the run goes on where it
 * stopped. As with Dify's worker, the rest is published on the run's topic (topic.ts) only: a
 * client hears it on a `GET /workflow/:id/events` stream opened before, never after.
 */
import type { WorkflowRun } from './chatflow.ts'
import { nodeFrame, nodeId, workflowStarted } from './chatflow.ts'
import type { EmulatorContext } from './context.ts'
import type { RunIds } from './frames.ts'
import type { HumanInputScript } from './human-input.ts'
import { answerAfter, DEFAULT_FORM, formOutcomeFrame, newForm } from './human-input.ts'
import type { Run } from './runner.ts'
import { play } from './runner.ts'
import type { Action, NodeScript, Scenario } from './scenario.ts'
import { pace, splitWords } from './scenario.ts'
import type { HumanInputFormRecord, MessageRecord, TaskRecord, WorkflowRunRecord } from './state.ts'
import { topicOf } from './topic.ts'

/** What a paused run needs to go on. */
export interface PausedRun {
  ctx: EmulatorContext
  workflow: WorkflowRun
  ids: RunIds
  message: MessageRecord
  task: TaskRecord
  record: WorkflowRunRecord
  /** The pace of the answer's words after the form. */
  frameDelayMs: Scenario['frameDelayMs']
  /** The run's sleeps, which its task's stop wakes. */
  wakers: Set<() => void>
}

/** The form the run pauses on at its `node`th node: kept, and timed out at its deadline. */
export function pauseOn(
  paused: PausedRun,
  script: HumanInputScript,
  node: number,
): HumanInputFormRecord {
  const { ctx, record, message } = paused
  const form = newForm(script, { runId: record.id, messageId: message.id, nodeId: nodeId(node) })
  ctx.state.forms.set(form.token, form)
  message.forms.push(form.token)
  record.resume = (answered) => goOn(paused, script, answered, node)
  // Dify's scan marks the form timed out and resumes the run on its timeout branch.
  ctx.later(form.expiresAt * 1000 - Date.now(), () => {
    if (form.status !== 'waiting' || record.resume === null) return
    form.status = 'timeout'
    record.resume(form)
  })
  return form
}

/** The rest of the run: the node's outcome, a short answer, and the end (or another pause). */
function resumeActions(
  run: WorkflowRun,
  script: HumanInputScript,
  form: HumanInputFormRecord,
  node: number,
): Action[] {
  const outcome = formOutcomeFrame(form)
  const human: NodeScript = {
    title: form.nodeTitle,
    type: 'human-input',
    outputs: { ...form.submission?.inputs, __action_id: form.submission?.actionId ?? null },
  }
  const llm: NodeScript = { title: 'Write the reply', type: 'llm' }
  const done = { status: 'succeeded', error: null }
  const actions: Action[] = [
    workflowStarted(run, 'resumption'),
    { kind: 'frame', event: outcome.event, fields: outcome.fields },
    nodeFrame(run, human, node, done),
    nodeFrame(run, llm, node + 1, null),
    ...splitWords(answerAfter(script, form)).map((text): Action => ({ kind: 'text', text })),
    nodeFrame(run, llm, node + 1, done),
  ]
  if (script.next) {
    const next: NodeScript = { title: script.next.title ?? DEFAULT_FORM.title, type: 'human-input' }
    actions.push(nodeFrame(run, next, node + 2, null), {
      kind: 'pause',
      script: script.next,
      node: node + 2,
    })
    return actions
  }
  const answer: NodeScript = { title: 'Answer', type: 'answer' }
  actions.push(
    nodeFrame(run, answer, node + 2, null),
    nodeFrame(run, answer, node + 2, done),
    { kind: 'end' },
    { kind: 'workflowFinished', status: 'succeeded', error: null },
  )
  return actions
}

function goOn(
  paused: PausedRun,
  script: HumanInputScript,
  form: HumanInputFormRecord,
  node: number,
): void {
  const { ctx, record, task, message } = paused
  record.resume = null
  record.status = 'running'
  message.done = false
  task.stopRequested = false
  const run: Run = {
    ids: paused.ids,
    mode: 'advanced-chat',
    message,
    sources: [],
    fileTextQuirk: true,
    llmNodeId: nodeId(node + 1),
    workflow: paused.workflow,
    record,
    answerBefore: message.answer,
    pause: (next, at) => pauseOn(paused, next, at),
    stopRequested: () => task.stopRequested,
    sleep: (ms) => ctx.sleep(ms, paused.wakers),
    disposed: () => ctx.disposed,
  }
  const actions = pace(
    { frameDelayMs: paused.frameDelayMs ?? 0 },
    resumeActions(paused.workflow, script, form, node),
    0,
  )
  // The worker picks the run up after the form's answer has been accepted.
  const going = new Promise((resolve) => setTimeout(resolve, 0)).then(() =>
    play(run, actions, topicOf(ctx, record.id).out),
  )
  task.finished = going.then(() => undefined)
  ctx.track(going, null)
}
