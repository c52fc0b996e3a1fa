/** `GET /conversations`, `PATCH /conversations/:id` (rename), `DELETE /conversations/:id`: the visitor's own. */
import type { ConversationSummary, ConversationsResponse } from '@parley/shared'
import { MAX_CONVERSATION_NAME_CHARS } from '@parley/shared'
import { Hono } from 'hono'
import { DifyError } from '../dify/errors.ts'
import type { DifyConversation, DifyRename } from '../dify/types.ts'
import { bodyLimit } from '../middleware/body-limit.ts'
import type { AppEnv } from '../types.ts'
import { isUuid } from '../validation/ids.ts'
import { badRequest, RequestError } from '../validation/request-error.ts'
import { readJson, routeErrors, tooLarge } from './route-errors.ts'

/** `{ "name": <100 characters, each escaped as \uXXXX> }` with room to spare. */
const MAX_BODY = 4 * 1024
const CONTROL = /\p{Cc}/u

export const conversationRoutes = new Hono<AppEnv>()

conversationRoutes.onError(routeErrors)

function toSummary(conversation: DifyConversation): ConversationSummary {
  return {
    id: conversation.id,
    name: typeof conversation.name === 'string' ? conversation.name : '',
    updatedAt: typeof conversation.updated_at === 'number' ? conversation.updated_at * 1000 : 0,
  }
}

// Like Dify's router: a malformed path id is a resource that cannot exist.
function conversationId(id: string): string {
  if (!isUuid(id)) throw new RequestError('not_found', 'Conversation not found.')
  return id
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return 20
  const limit = Number(text)
  if (!/^\d+$/.test(text) || limit < 1 || limit > 100) {
    throw badRequest('limit must be a whole number from 1 to 100.')
  }
  return limit
}

/** `{ name }` (trimmed, 1–100 characters, no control characters) or `{ autoName: true }`. */
function parseRename(body: unknown): DifyRename {
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  if (b.autoName !== undefined && typeof b.autoName !== 'boolean') {
    throw badRequest('autoName must be true or false.')
  }
  if (b.autoName === true) {
    if (b.name !== undefined) throw badRequest('Send either name or autoName: true, not both.')
    return { autoGenerate: true }
  }
  if (b.name === undefined) throw badRequest('Send { name } or { autoName: true }.')
  if (typeof b.name !== 'string') throw badRequest('name must be a string.')
  const name = b.name.trim()
  if (name === '') throw badRequest('name must not be empty.')
  if ([...name].length > MAX_CONVERSATION_NAME_CHARS) {
    throw badRequest(`name must be at most ${MAX_CONVERSATION_NAME_CHARS} characters.`)
  }
  if (CONTROL.test(name)) {
    throw badRequest('name must not contain control characters such as line breaks or tabs.')
  }
  return { name }
}

conversationRoutes.get('/conversations', async (c) => {
  const lastId = c.req.query('lastId') || undefined
  if (lastId !== undefined && !isUuid(lastId)) throw badRequest('lastId must be a conversation id.')
  const limit = parseLimit(c.req.query('limit'))
  try {
    // Dify scopes the list by user: only the visitor's own conversations, newest activity first.
    const page = await c.get('dify').conversations({
      user: c.get('visitor'),
      limit,
      ...(lastId ? { lastId } : {}),
    })
    const body: ConversationsResponse = {
      conversations: page.data.filter((item) => isUuid(item?.id)).map(toSummary),
      hasMore: page.has_more,
    }
    return c.json(body)
  } catch (err) {
    // The only 404 of the list: `lastId` is not (or no longer) one of the visitor's conversations.
    if (lastId && err instanceof DifyError && err.code === 'not_found') {
      throw badRequest('lastId is not one of your conversations; list again from the start.')
    }
    throw err
  }
})

conversationRoutes.patch(
  '/conversations/:id',
  bodyLimit({ maxSize: MAX_BODY, onError: tooLarge('The request') }),
  async (c) => {
    const id = conversationId(c.req.param('id'))
    const rename = parseRename(await readJson(c.req))
    // Another visitor's conversation is Dify's 404, exactly like an unknown one.
    const renamed = await c.get('dify').renameConversation(id, c.get('visitor'), rename)
    return c.json(toSummary({ ...renamed, id }) satisfies ConversationSummary)
  },
)

conversationRoutes.delete('/conversations/:id', async (c) => {
  const id = conversationId(c.req.param('id'))
  await c.get('dify').deleteConversation(id, c.get('visitor'))
  return c.body(null, 204)
})
