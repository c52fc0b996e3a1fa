/**
 * `POST /completion` (a text generator's result) and `POST /workflow` (a workflow's run), each with
 * its `/:taskId/stop`: the chat route's data path without a query or a conversation (design.md
 * "Text-generation and workflow apps"; dify-api.md Part 2 §A, §B).
 */
import { Hono } from 'hono'
import { answerEvents } from '../dify/answer-events.ts'
import type { DifyClient } from '../dify/client.ts'
import type { AnswerFlow } from '../dify/events.ts'
import type { FrameSource } from '../dify/frames.ts'
import { answerSteps } from '../dify/steps.ts'
import type { DifyGenerateRequest } from '../dify/types.ts'
import { bodyLimit } from '../middleware/body-limit.ts'
import type { AppConfig, AppEnv } from '../types.ts'
import { parseGenerateBody } from '../validation/generate-request.ts'
import { requestIds } from '../visitor-ids.ts'
import { answerResponse } from './answer-response.ts'
import { checkedRun } from './app-kind.ts'
import { readJson, routeErrors, tooLarge } from './route-errors.ts'
import { stopTask } from './stop-task.ts'

/** Room for several long inputs (a text generator's paragraphs), not for a file. */
const MAX_BODY = 64 * 1024

interface Generator {
  run(dify: DifyClient, request: DifyGenerateRequest): Promise<FrameSource>
  stop(dify: DifyClient, taskId: string, user: string): Promise<void>
  flow(app: AppConfig): AnswerFlow
}

const GENERATORS = {
  completion: {
    run: (dify, request) => dify.completion(request),
    stop: (dify, taskId, user) => dify.stopCompletion(taskId, user),
    flow: () => ({ kind: 'completion' }),
  },
  workflow: {
    run: (dify, request) => dify.workflow(request),
    stop: (dify, taskId, user) => dify.stopWorkflow(taskId, user),
    flow: (app) => ({ kind: 'workflow', outputs: app.workflowOutputs }),
  },
} satisfies Record<string, Generator>

export const generateRoutes = new Hono<AppEnv>()

generateRoutes.onError(routeErrors)

for (const [kind, generator] of Object.entries(GENERATORS) as [
  keyof typeof GENERATORS,
  Generator,
][]) {
  generateRoutes.post(
    `/${kind}`,
    bodyLimit({ maxSize: MAX_BODY, onError: tooLarge('The request') }),
    async (c) => {
      const dify = c.get('dify')
      const body = parseGenerateBody(await readJson(c.req))
      const { inputs, files } = await checkedRun(dify, kind, body)
      const app = c.get('app').config
      const steps = answerSteps(app.showProcess, dify)
      // Errors up to here (and Dify refusing the request) are plain JSON with their status.
      const frames = await generator.run(dify, {
        inputs,
        user: c.get('visitor'),
        ...(files ? { files } : {}),
      })
      const events = answerEvents(frames, dify.frames, {
        ids: requestIds(c),
        steps,
        flow: generator.flow(app),
      })
      return answerResponse(c, events)
    },
  )

  generateRoutes.post(`/${kind}/:taskId/stop`, (c) =>
    stopTask(c, (taskId, user) => generator.stop(c.get('dify'), taskId, user)),
  )
}
