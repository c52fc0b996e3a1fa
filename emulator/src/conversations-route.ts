/** `GET /conversations`, `DELETE /conversations/:id`, `POST /conversations/:id/name` (dify-api.md §2.6–2.8, Part 2 §I). */
import { Hono } from 'hono'
import type { EmulatorContext } from './context.ts'
import {
  invalidParam,
  notFound,
  pathUuid,
  queryLimit,
  readJson,
  userFrom,
  validationMessage,
} from './http.ts'
import type { ConversationRecord, EmulatorState } from './state.ts'
import { findConversation, isUuid, touch } from './state.ts'

const SORTS = ['created_at', '-created_at', 'updated_at', '-updated_at'] as const
type Sort = (typeof SORTS)[number]

const invalidQuery = (field: string, detail: string) =>
  invalidParam(validationMessage('ConversationListQuery', field, detail))

function parseSort(raw: string | undefined): Sort {
  if (raw === undefined) return '-updated_at'
  const sort = SORTS.find((s) => s === raw)
  if (!sort) {
    throw invalidQuery(
      'sort_by',
      "Input should be 'created_at', '-created_at', 'updated_at' or '-updated_at' [type=literal_error]",
    )
  }
  return sort
}

/** Dify's `SimpleConversation` (fields/conversation_fields.py). */
function simpleConversation(conversation: ConversationRecord): Record<string, unknown> {
  return {
    id: conversation.id,
    name: conversation.name,
    inputs: conversation.inputs,
    status: 'normal',
    introduction: conversation.introduction,
    created_at: conversation.createdAt,
    updated_at: conversation.updatedAt,
  }
}

/** `pagination_by_last_id`: the user's conversations in `sort` order, strictly after `lastId`. */
function page(state: EmulatorState, user: string, sort: Sort, lastId: string | undefined) {
  const key = (c: ConversationRecord) =>
    sort.endsWith('created_at') ? c.createdTick : c.updatedTick
  const direction = sort.startsWith('-') ? -1 : 1
  const mine = [...state.conversations.values()].filter((c) => c.user === user)
  let after = mine
  if (lastId !== undefined) {
    const last = mine.find((c) => c.id === lastId)
    if (!last) throw notFound('Last Conversation Not Exists.')
    after = mine.filter((c) => (key(c) - key(last)) * direction > 0)
  }
  return after.sort((a, b) => (key(a) - key(b)) * direction)
}

/** What `auto_generate_name` gets from the LLM, made deterministic: the first words of the first query. */
function generatedName(query: string): string {
  const words = query.trim().split(/\s+/).slice(0, 6).join(' ')
  const name = words.charAt(0).toUpperCase() + words.slice(1)
  return name.length > 75 ? `${name.slice(0, 75)}...` : name
}

export function conversationsRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono()

  app.get('/conversations', (c) => {
    const user = userFrom(c.req.query('user'), false)
    const lastId = c.req.query('last_id') || undefined
    if (lastId !== undefined && !isUuid(lastId)) {
      throw invalidQuery('last_id', 'Input should be a valid UUID [type=uuid_parsing]')
    }
    const limit = queryLimit(c.req.query('limit'), 'ConversationListQuery')
    const sort = parseSort(c.req.query('sort_by'))
    const rest = page(ctx.state, user, sort, lastId?.toLowerCase())
    return c.json({
      limit,
      has_more: rest.length > limit,
      data: rest.slice(0, limit).map(simpleConversation),
    })
  })

  app.delete('/conversations/:id', async (c) => {
    const id = pathUuid(c.req.param('id'))
    const user = userFrom((await readJson(c)).user, true)
    const conversation = findConversation(ctx.state, id, user)
    if (!conversation) throw notFound('Conversation Not Exists.')
    // A hard delete; Dify's Celery task then purges the messages. A run in progress goes on.
    ctx.state.conversations.delete(id)
    for (const message of conversation.messages) ctx.state.messages.delete(message.id)
    return c.body(null, 204)
  })

  app.post('/conversations/:id/name', async (c) => {
    const id = pathUuid(c.req.param('id'))
    const body = await readJson(c)
    const user = userFrom(body.user, true)
    const autoGenerate = body.auto_generate === true
    const name = typeof body.name === 'string' ? body.name : null
    if (!autoGenerate && !name?.trim()) {
      throw invalidParam(
        '1 validation error for ConversationRenamePayload\n  Value error, name is required when auto_generate is false [type=value_error]',
      )
    }
    const conversation = findConversation(ctx.state, id, user)
    if (!conversation) throw notFound('Conversation Not Exists.')
    if (autoGenerate) {
      // Dify asks an LLM about the first message and keeps the old name when that fails.
      const first = conversation.messages[0]
      if (first) conversation.name = generatedName(first.query)
    } else if (name !== null) {
      conversation.name = name
      touch(ctx.state, conversation)
    }
    return c.json(simpleConversation(conversation))
  })

  return app
}
