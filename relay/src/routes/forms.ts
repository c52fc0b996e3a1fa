/**
 * `POST /forms/:token`: answers a paused answer's human-input form and streams the rest of that
 * answer (design.md "Human input"; dify-api.md Part 2 §C, §D). The token is the visitor's sealed
 * handle (visitor-ids.ts): it names Dify's form token and run, and the form's actions and fields,
 * so the answer is checked with no state and no call to Dify first.
 */
import { Hono } from 'hono'
import { answerEvents } from '../dify/answer-events.ts'
import type { FrameSource } from '../dify/frames.ts'
import { answerSteps } from '../dify/steps.ts'
import { bodyLimit } from '../middleware/body-limit.ts'
import type { AppEnv } from '../types.ts'
import { parseFormAnswer } from '../validation/form-answer.ts'
import { RequestError } from '../validation/request-error.ts'
import { requestIds } from '../visitor-ids.ts'
import { answerResponse } from './answer-response.ts'
import { readJson, routeErrors, tooLarge } from './route-errors.ts'

/** Room for several long fields (each at most MAX_QUERY_CHARS), not for a file. */
const MAX_BODY = 64 * 1024

export const formRoutes = new Hono<AppEnv>()

formRoutes.onError(routeErrors)

/** Reads nothing more of `frames`: their body is cancelled. */
function discard(frames: FrameSource): void {
  frames.start({ frame() {}, end() {}, fail() {} }).stop()
}

formRoutes.post(
  '/forms/:token',
  bodyLimit({ maxSize: MAX_BODY, onError: tooLarge('The answer') }),
  async (c) => {
    const ids = requestIds(c)
    const handle = await ids.formHandle(c.req.param('token'))
    if (!handle) throw new RequestError('not_found', 'Form not found.')
    if (handle.expiresAt <= Date.now())
      throw new RequestError('form_expired', 'This form has expired.')
    const answer = parseFormAnswer(await readJson(c.req), handle, c.get('config').maxQueryChars)
    const dify = c.get('dify')
    const user = c.get('visitor')
    const steps = answerSteps(c.get('app').config.showProcess, dify)
    // Dify replays nothing: the run's events reach only a subscription made before it resumes, so
    // the stream opens first (its headers come once Dify has subscribed), then the form is sent.
    const frames = await dify.workflowEvents(handle.runId, user)
    try {
      await dify.submitForm(handle.formToken, {
        inputs: answer.inputs,
        action: answer.action,
        user,
      })
    } catch (err) {
      discard(frames)
      throw err
    }
    // From here on errors are events, as with a message.
    return answerResponse(c, answerEvents(frames, dify.frames, { ids, steps, resumed: true }))
  },
)
