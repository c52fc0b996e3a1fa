/**
 * Text-generator and workflow apps: `POST /completion-messages` (+ `/:task_id/stop`) and
 * `POST /workflows/run` (+ `/workflows/tasks/:task_id/stop`), as dify-api.md Part 2 §A and §B show.
 */
import { Hono } from 'hono'
import { validateInputs } from './app-settings.ts'
import { userFiles } from './chat-request.ts'
import type { WorkflowRun } from './chatflow.ts'
import { llmNodeId } from './chatflow.ts'
import type { EmulatorContext } from './context.ts'
import type { JsonObject } from './http.ts'
import { DifyError, invalidParam, readJson, userFrom, validationMessage } from './http.ts'
import type { Run } from './runner.ts'
import { play } from './runner.ts'
import type { Action, Scenario } from './scenario.ts'
import { answerChunks, chatActions, pace } from './scenario.ts'
import type { WorkflowRunRecord } from './state.ts'
import { newId, newMessage, newTask } from './state.ts'
import { streamRun } from './stream-run.ts'
import { workflowActions, workflowOutputs } from './workflow.ts'

type Kind = 'completion' | 'workflow'

/** Dify's refusal of the wrong kind of app on each route. */
const WRONG_APP: Record<Kind, DifyError> = {
  completion: new DifyError(
    400,
    'app_unavailable',
    'App unavailable, please check your app configurations.',
  ),
  workflow: new DifyError(
    400,
    'not_workflow_app',
    'Please check if your app mode matches the right API route.',
  ),
}

function payload(body: JsonObject, model: string) {
  const { inputs, response_mode: mode, files } = body
  const invalid = (field: string, detail: string) =>
    invalidParam(validationMessage(model, field, detail))
  if (inputs === undefined) throw invalid('inputs', 'Field required [type=missing]')
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
    throw invalid('inputs', 'Input should be a valid dictionary [type=dict_type]')
  }
  if (mode !== undefined && mode !== null && mode !== 'streaming' && mode !== 'blocking') {
    throw invalid('response_mode', "Input should be 'streaming' or 'blocking' [type=literal_error]")
  }
  if (files !== undefined && files !== null && !Array.isArray(files)) {
    throw invalid('files', 'Input should be a valid list [type=list_type]')
  }
  const query = typeof body.query === 'string' ? body.query.replaceAll('\0', '') : ''
  return { inputs: inputs as JsonObject, blocking: mode !== 'streaming', files: files ?? [], query }
}

function checkedInputs(ctx: EmulatorContext, inputs: JsonObject): Record<string, unknown> {
  try {
    return validateInputs(ctx.app.userInputForm, inputs)
  } catch (error) {
    throw error instanceof DifyError ? error : invalidParam((error as Error).message)
  }
}

/** The compiled script: a text generator's text and `message_end`, or a workflow's nodes. */
function compile(kind: Kind, scenario: Scenario, chunks: string[], run: WorkflowRun): Action[] {
  if (kind === 'workflow') return pace(scenario, workflowActions(scenario, chunks, run), 1)
  const body = chatActions(scenario, chunks)
  return pace(scenario, body.failed ? body.actions : [...body.actions, { kind: 'end' }], 0)
}

export function generateRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono()

  const start = async (kind: Kind, body: JsonObject, signal: AbortSignal) => {
    const user = userFrom(body.user, true)
    const scenario = ctx.takeScenario()
    if ((scenario.mode ?? ctx.mode) !== kind) throw WRONG_APP[kind]
    const p = payload(body, kind === 'workflow' ? 'WorkflowRunPayload' : 'CompletionRequestPayload')
    if (scenario.httpError) {
      const { status, body: text, contentType = 'application/json' } = scenario.httpError
      const raw = typeof text === 'string' ? text : JSON.stringify(text)
      return { response: new Response(raw, { status, headers: { 'content-type': contentType } }) }
    }
    if (scenario.hangBeforeResponse) {
      await ctx.hold(signal)
      return { response: new Response(null, { status: 499 }) }
    }
    const inputs = checkedInputs(ctx, p.inputs)
    // Each text generator's call makes a hidden conversation (§A.1); it is never named in a frame.
    const message = newMessage({
      conversationId: newId(),
      user,
      query: p.query,
      inputs,
      files: userFiles(ctx, user, p.files),
    })
    if (kind === 'completion') ctx.state.messages.set(message.id, message)
    const { task, wakers } = newTask(message, user)
    ctx.state.tasks.set(task.id, task)
    const workflow: WorkflowRun = {
      runId: newId(),
      workflowId: newId(),
      query: '',
      user,
      conversationId: '',
      inputs,
      createdAt: message.createdAt,
    }
    const record: WorkflowRunRecord | null =
      kind === 'workflow'
        ? {
            id: workflow.runId,
            user,
            mode: kind,
            messageId: message.id,
            status: 'running',
            finished: null,
            resume: null,
          }
        : null
    if (record) ctx.state.runs.set(record.id, record)
    const chunks = answerChunks(scenario, ctx.answer(JSON.stringify(inputs)))
    const ids = {
      conversationId: '',
      messageId: message.id,
      taskId: task.id,
      createdAt: message.createdAt,
    }
    const run: Run = {
      ids,
      mode: kind,
      message,
      sources: [],
      fileTextQuirk: false,
      llmNodeId: llmNodeId(scenario),
      workflow: kind === 'workflow' ? workflow : null,
      record,
      outputs: workflowOutputs(scenario, chunks),
      pause() {
        throw new Error('Only a chatflow run pauses.')
      },
      stopRequested: () => task.stopRequested,
      sleep: (ms) => ctx.sleep(ms, wakers),
      disposed: () => ctx.disposed,
    }
    const actions = compile(kind, scenario, chunks, workflow)
    return { run, task, actions, scenario, blocking: p.blocking }
  }

  app.post('/completion-messages', async (c) => {
    const started = await start('completion', await readJson(c), c.req.raw.signal)
    if ('response' in started) return started.response
    const { run, task, actions, scenario } = started
    if (!started.blocking) return streamRun(ctx, run, task, actions, scenario.bytes)
    const outcome = await play(run, actions, null)
    if (outcome.kind === 'error') throw new DifyError(outcome.status, outcome.code, outcome.message)
    return c.json({
      event: 'message',
      task_id: task.id,
      id: run.message.id,
      message_id: run.message.id,
      mode: 'completion',
      answer: run.message.answer,
      metadata: outcome.kind === 'end' ? outcome.metadata : {},
      created_at: run.message.createdAt,
    })
  })

  app.post('/workflows/run', async (c) => {
    const started = await start('workflow', await readJson(c), c.req.raw.signal)
    if ('response' in started) return started.response
    const { run, task, actions, scenario } = started
    if (!started.blocking) return streamRun(ctx, run, task, actions, scenario.bytes)
    const outcome = await play(run, actions, null)
    if (outcome.kind === 'error') throw new DifyError(outcome.status, outcome.code, outcome.message)
    // A failed run is HTTP 200 with `status: "failed"` (§B.1).
    const finished = (run.record?.finished?.data ?? {}) as Record<string, unknown>
    const { created_by: _, exceptions_count: __, files: ___, ...data } = finished
    return c.json({ task_id: task.id, workflow_run_id: run.workflow?.runId, data })
  })

  app.post('/completion-messages/:task_id/stop', async (c) => {
    const body = await readJson(c)
    const user = userFrom(body.user, true)
    if (ctx.mode !== 'completion') throw WRONG_APP.completion
    const task = ctx.state.tasks.get(c.req.param('task_id'))
    // The same user-checked flag as chat's stop.
    if (task && task.user === user) task.stop()
    return c.json({ result: 'success' })
  })

  app.post('/workflows/tasks/:task_id/stop', async (c) => {
    const body = await readJson(c)
    userFrom(body.user, true)
    if (ctx.mode !== 'workflow') throw WRONG_APP.workflow
    // Never compared with the task's owner (§B.2): a task id is a capability.
    ctx.state.tasks.get(c.req.param('task_id'))?.stop()
    return c.json({ result: 'success' })
  })

  return app
}
