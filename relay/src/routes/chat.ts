/** `POST /chat` (stream an answer) and `POST /chat/:taskId/stop`. */
import { Hono } from 'hono'
import { answerEvents } from '../dify/answer-events.ts'
import { appInputs, fileRules } from '../dify/app-info.ts'
import { answerSteps } from '../dify/steps.ts'
import { meterAnswer } from '../metrics.ts'
import { bodyLimit } from '../middleware/body-limit.ts'
import type { AppEnv } from '../types.ts'
import { parseChatBody } from '../validation/chat-request.ts'
import { toDifyFiles } from '../validation/files.ts'
import { validateInputs } from '../validation/inputs.ts'
import { badRequest } from '../validation/request-error.ts'
import { answerStream } from './answer-stream.ts'
import { holdOpen } from './hold-open.ts'
import { readJson, routeErrors, tooLarge } from './route-errors.ts'

const MAX_BODY = 32 * 1024
const TASK_ID = /^[A-Za-z0-9-]{1,100}$/

export const chatRoutes = new Hono<AppEnv>()

chatRoutes.onError(routeErrors)

chatRoutes.post(
  '/chat',
  bodyLimit({ maxSize: MAX_BODY, onError: tooLarge('The message') }),
  async (c) => {
    const dify = c.get('dify')
    const body = parseChatBody(await readJson(c.req), c.get('config').maxQueryChars)
    const params = await dify.parameters()
    const inputs = validateInputs(body.inputs, appInputs(params))
    const files = toDifyFiles(body.files, fileRules(params))
    // Read beside the answer, never before it: steps show once the (cached) `/site` read is in.
    const steps = answerSteps(c.get('app').config.showProcess, dify)
    // Errors up to here (and Dify refusing the request) are plain JSON with their status.
    const frames = await dify.chat({
      query: body.query,
      inputs,
      user: c.get('visitor'),
      ...(body.conversationId ? { conversation_id: body.conversationId } : {}),
      ...(files ? { files } : {}),
    })
    const events = answerEvents(frames, dify.frames, { steps })
    c.header('Content-Type', 'text/event-stream; charset=utf-8')
    c.header('Cache-Control', 'no-cache, no-transform')
    c.header('X-Accel-Buffering', 'no')
    const pingIntervalMs = c.get('pingIntervalMs')
    const closing = c.get('closing')
    const onDrained = holdOpen(c)
    const meter = c.get('meter')
    // Under @hono/node-server (`c.env.outgoing`) the visitor going away reaches the answer from the
    // socket (node-answers.ts, or the cancel of its stream): asking for the request's signal there
    // would only add an AbortController to every open answer.
    const nodeServer = typeof (c.env as { outgoing?: unknown } | undefined)?.outgoing === 'object'
    return c.body(
      answerStream(events, {
        ...(!nodeServer && { signal: c.req.raw.signal }),
        onDrained,
        ...(pingIntervalMs && { pingIntervalMs }),
        ...(closing && { closing }),
        ...(meter && meterAnswer(meter, c.get('receivedAt') ?? performance.now())),
      }),
    )
  },
)

chatRoutes.post('/chat/:taskId/stop', async (c) => {
  const taskId = c.req.param('taskId')
  if (!TASK_ID.test(taskId)) throw badRequest('taskId must be the task id from the start event.')
  // Dify answers success whatever happened, and only stops tasks of the same user.
  await c.get('dify').stop(taskId, c.get('visitor'))
  return c.json({ ok: true as const })
})
