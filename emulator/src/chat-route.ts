/** `POST /chat-messages` (streaming and blocking) and `POST /chat-messages/:task_id/stop`. */
import { Hono } from 'hono'
import type { ChatRequest } from './chat-request.ts'
import { parseChatRequest } from './chat-request.ts'
import type { WorkflowRun } from './chatflow.ts'
import { chatflowActions, llmNodeId } from './chatflow.ts'
import type { EmulatorContext } from './context.ts'
import { retrieverResource } from './frames.ts'
import { DifyError, readJson, userFrom } from './http.ts'
import { pauseOn } from './resume.ts'
import type { Run } from './runner.ts'
import { play } from './runner.ts'
import type { Action, Scenario } from './scenario.ts'
import { answerChunks, chatActions, pace } from './scenario.ts'
import type { AppMode, ConversationRecord, WorkflowRunRecord } from './state.ts'
import { newId, newMessage, newTask, nowSeconds, touch } from './state.ts'
import { streamRun } from './stream-run.ts'

function scriptedError(error: NonNullable<Scenario['httpError']>): Response {
  const text = typeof error.body === 'string' ? error.body : JSON.stringify(error.body)
  const type =
    error.contentType ?? (typeof error.body === 'string' ? 'text/html' : 'application/json')
  return new Response(text, { status: error.status, headers: { 'content-type': type } })
}

function startConversation(
  ctx: EmulatorContext,
  user: string,
  req: ChatRequest,
): ConversationRecord {
  const now = nowSeconds()
  const tick = ++ctx.state.ticks
  const conversation: ConversationRecord = {
    id: newId(),
    user,
    name: req.query.length > 20 ? `${req.query.slice(0, 20)}…` : req.query,
    inputs: req.inputs,
    introduction: ctx.app.openingStatement ?? '',
    createdAt: now,
    updatedAt: now,
    createdTick: tick,
    updatedTick: tick,
    messages: [],
  }
  ctx.state.conversations.set(conversation.id, conversation)
  return conversation
}

function compile(
  scenario: Scenario,
  mode: AppMode,
  chunks: string[],
  workflow: WorkflowRun | null,
): Action[] {
  if (mode === 'advanced-chat' && workflow)
    return pace(scenario, chatflowActions(scenario, chunks, workflow), 1)
  const body = chatActions(scenario, chunks)
  return pace(scenario, body.failed ? body.actions : [...body.actions, { kind: 'end' }], 0)
}

export function chatRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono()

  app.post('/chat-messages', async (c) => {
    const body = await readJson(c)
    const user = userFrom(body.user, true)
    let scenario = ctx.takeScenario()
    // The emulator's human-input option: a message with its keyword pauses on a form (chatflow).
    const pause = scenario.humanInput
      ? null
      : ctx.humanInputFor(typeof body.query === 'string' ? body.query : '')
    if (pause) scenario = { ...scenario, mode: 'advanced-chat', humanInput: pause }
    const mode = scenario.mode ?? ctx.mode
    if (mode === 'completion' || mode === 'workflow') {
      throw new DifyError(
        400,
        'not_chat_app',
        'Please check if your app mode matches the right API route.',
      )
    }
    if (scenario.httpError) return scriptedError(scenario.httpError)
    if (scenario.hangBeforeResponse) {
      await ctx.hold(c.req.raw.signal)
      return new Response(null, { status: 499 })
    }
    const req = parseChatRequest(ctx, body, user, mode)
    const conversation = req.conversation ?? startConversation(ctx, user, req)
    const message = newMessage({
      conversationId: conversation.id,
      user,
      query: req.query,
      inputs: req.inputs,
      files: [...req.userFiles],
    })
    conversation.messages.push(message)
    // Dify moves updated_at on for every new message of an existing conversation too.
    touch(ctx.state, conversation)
    ctx.state.messages.set(message.id, message)

    const { task, wakers } = newTask(message, user)
    const workflow: WorkflowRun | null =
      mode === 'advanced-chat'
        ? {
            runId: newId(),
            workflowId: newId(),
            query: req.query,
            user,
            conversationId: conversation.id,
            inputs: req.inputs,
            createdAt: message.createdAt,
          }
        : null
    const record: WorkflowRunRecord | null = workflow && {
      id: workflow.runId,
      user,
      mode,
      messageId: message.id,
      status: 'running',
      finished: null,
      resume: null,
    }
    if (record) ctx.state.runs.set(record.id, record)
    const ids = {
      conversationId: conversation.id,
      messageId: message.id,
      taskId: task.id,
      createdAt: message.createdAt,
    }
    const run: Run = {
      ids,
      mode,
      message,
      sources:
        ctx.app.citations || scenario.sources
          ? (scenario.sources ?? []).map(retrieverResource)
          : [],
      fileTextQuirk: scenario.fileTextQuirk ?? true,
      llmNodeId: llmNodeId(scenario),
      workflow,
      record,
      pause(script, node) {
        if (!workflow || !record) throw new Error('Only a chatflow run pauses.')
        const { frameDelayMs } = scenario
        return pauseOn(
          { ctx, workflow, ids, message, task, record, frameDelayMs, wakers },
          script,
          node,
        )
      },
      stopRequested: () => task.stopRequested,
      sleep: (ms) => ctx.sleep(ms, wakers),
      disposed: () => ctx.disposed,
    }
    const actions = compile(scenario, mode, answerChunks(scenario, ctx.answer(req.query)), workflow)
    ctx.state.tasks.set(task.id, task)

    if (req.blocking) {
      const outcome = await play(run, actions, null)
      if (outcome.kind === 'error')
        throw new DifyError(outcome.status, outcome.code, outcome.message)
      if (outcome.kind === 'paused' && workflow) {
        return c.json({
          event: 'workflow_paused',
          task_id: task.id,
          workflow_run_id: workflow.runId,
          data: { status: 'paused' },
        })
      }
      return c.json({
        event: 'message',
        task_id: task.id,
        id: message.id,
        message_id: message.id,
        conversation_id: conversation.id,
        mode,
        answer: message.answer,
        metadata: outcome.kind === 'end' ? outcome.metadata : {},
        created_at: message.createdAt,
      })
    }
    return streamRun(ctx, run, task, actions, scenario.bytes)
  })

  app.post('/chat-messages/:task_id/stop', async (c) => {
    const body = await readJson(c)
    const user = userFrom(body.user, true)
    const task = ctx.state.tasks.get(c.req.param('task_id'))
    // Dify answers success whatever happened: only the task's own user can stop it.
    if (task && task.user === user) task.stop()
    return c.json({ result: 'success' })
  })

  return app
}
