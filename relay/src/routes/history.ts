/** `GET /conversations/:id/messages`: one page of a visitor's own conversation. */
import type { HistoryResponse } from '@parley/shared'
import { Hono } from 'hono'
import { pausedForm, toHistoryMessage } from '../dify/history.ts'
import type { AppEnv } from '../types.ts'
import { isUuid } from '../validation/ids.ts'
import { badRequest, RequestError } from '../validation/request-error.ts'
import { requestIds } from '../visitor-ids.ts'
import { routeErrors } from './route-errors.ts'

export const historyRoutes = new Hono<AppEnv>()

historyRoutes.onError(routeErrors)

historyRoutes.get('/conversations/:id/messages', async (c) => {
  const id = c.req.param('id')
  // Like Dify's router: a malformed path id is a resource that cannot exist.
  if (!isUuid(id)) throw new RequestError('not_found', 'Conversation not found.')
  const before = c.req.query('before')
  if (before !== undefined && !isUuid(before)) throw badRequest('before must be a message id.')
  const limitText = c.req.query('limit') ?? '20'
  const limit = Number(limitText)
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > 100) {
    throw badRequest('limit must be a whole number from 1 to 100.')
  }
  const dify = c.get('dify')
  // Dify scopes by user: another visitor's conversation is a 404, exactly like an unknown one.
  const page = await dify.messages({
    conversationId: id,
    user: c.get('visitor'),
    limit,
    ...(before ? { firstId: before } : {}),
  })
  const ids = requestIds(c)
  const now = Date.now()
  // A paused answer's form is sealed for this visitor, as in the answer's stream.
  const messages = await Promise.all(
    (page.data ?? []).map(async (m) => {
      const draft = pausedForm(m, now)
      return toHistoryMessage(m, dify.frames, draft && (await ids.form(draft)))
    }),
  )
  const body: HistoryResponse = { messages, hasMore: page.has_more === true }
  return c.json(body)
})
