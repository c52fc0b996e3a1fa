/** `POST /messages/:id/feedback` and `GET /messages/:id/suggested`. */
import type { Rating, SuggestedResponse } from '@parley/shared'
import { Hono } from 'hono'
import { DifyError } from '../dify/errors.ts'
import { bodyLimit } from '../middleware/body-limit.ts'
import type { AppEnv } from '../types.ts'
import { isUuid } from '../validation/ids.ts'
import { badRequest, RequestError } from '../validation/request-error.ts'
import { readJson, routeErrors, tooLarge } from './route-errors.ts'

const MAX_CONTENT = 1000

export const messageRoutes = new Hono<AppEnv>()

messageRoutes.onError(routeErrors)

function messageId(id: string): string {
  if (!isUuid(id)) throw new RequestError('not_found', 'Message not found.')
  return id
}

messageRoutes.post(
  '/messages/:id/feedback',
  bodyLimit({ maxSize: 8 * 1024, onError: tooLarge('The feedback') }),
  async (c) => {
    const id = messageId(c.req.param('id'))
    const body = await readJson(c.req)
    const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
    if (!('rating' in b) || (b.rating !== 'like' && b.rating !== 'dislike' && b.rating !== null)) {
      throw badRequest('rating must be "like", "dislike" or null.')
    }
    const rating = b.rating as Rating
    if (
      b.content !== undefined &&
      (typeof b.content !== 'string' || b.content.length > MAX_CONTENT)
    ) {
      throw badRequest(`content must be a string of at most ${MAX_CONTENT} characters.`)
    }
    const content = typeof b.content === 'string' && b.content !== '' ? b.content : undefined
    try {
      await c
        .get('dify')
        .feedback(id, { rating, user: c.get('visitor'), ...(content ? { content } : {}) })
    } catch (err) {
      // Withdrawing feedback that does not exist is a 400 in Dify; for the visitor it is done.
      if (!(rating === null && err instanceof DifyError && err.code === 'bad_request')) throw err
    }
    return c.json({ ok: true as const })
  },
)

messageRoutes.get('/messages/:id/suggested', async (c) => {
  const id = messageId(c.req.param('id'))
  const dify = c.get('dify')
  const visitor = c.get('visitor')
  const params = await dify.parameters()
  const none: SuggestedResponse = { questions: [] }
  if (params.suggested_questions_after_answer?.enabled !== true) return c.json(none)
  const known = c.get('suggested').get(visitor, id)
  if (known) return c.json({ questions: known } satisfies SuggestedResponse)
  try {
    const questions = await dify.suggested(id, visitor)
    c.get('suggested').set(visitor, id, questions)
    return c.json({ questions } satisfies SuggestedResponse)
  } catch (err) {
    // "Suggested Questions Is Disabled." when the app changed since the cached /parameters.
    if (err instanceof DifyError && err.code === 'bad_request') return c.json(none)
    throw err
  }
})
