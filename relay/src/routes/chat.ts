/** `POST /chat` (stream an answer) and `POST /chat/:taskId/stop` (with the `start` event's task token). */
import { Hono } from 'hono'
import { answerEvents } from '../dify/answer-events.ts'
import { answerSteps } from '../dify/steps.ts'
import { bodyLimit } from '../middleware/body-limit.ts'
import type { AppEnv } from '../types.ts'
import { parseChatBody } from '../validation/chat-request.ts'
import { requestIds } from '../visitor-ids.ts'
import { answerResponse } from './answer-response.ts'
import { checkedRun } from './app-kind.ts'
import { readJson, routeErrors, tooLarge } from './route-errors.ts'
import { stopTask } from './stop-task.ts'

const MAX_BODY = 32 * 1024

export const chatRoutes = new Hono<AppEnv>()

chatRoutes.onError(routeErrors)

chatRoutes.post(
  '/chat',
  bodyLimit({ maxSize: MAX_BODY, onError: tooLarge('The message') }),
  async (c) => {
    const dify = c.get('dify')
    const body = parseChatBody(await readJson(c.req), c.get('config').maxQueryChars)
    const { inputs, files } = await checkedRun(dify, 'chat', body)
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
    const events = answerEvents(frames, dify.frames, { ids: requestIds(c), steps })
    return answerResponse(c, events)
  },
)

chatRoutes.post('/chat/:taskId/stop', (c) =>
  stopTask(c, (taskId, user) => c.get('dify').stop(taskId, user)),
)
