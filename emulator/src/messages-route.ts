/** `GET /messages`, `POST /messages/:id/feedbacks`, `GET /messages/:id/suggested` (dify-api.md §2.3–2.5). */
import { Hono } from 'hono'
import type { EmulatorContext } from './context.ts'
import {
  DifyError,
  invalidParam,
  notFound,
  pathUuid,
  queryLimit,
  readJson,
  userFrom,
  validationMessage,
} from './http.ts'
import { formDefinition } from './human-input.ts'
import type { EmulatorState, MessageRecord } from './state.ts'
import { findConversation, findMessage, isUuid, NIL_UUID } from './state.ts'

const invalidQuery = (field: string, detail: string) =>
  invalidParam(validationMessage('MessageListQuery', field, detail))

/**
 * A chatflow message's human-input forms (`attach_message_extra_contents`, v1.14.1: keys that are
 * None left out): the definition while waiting, what was chosen once answered.
 */
function extraContents(state: EmulatorState, message: MessageRecord): Record<string, unknown>[] {
  const contents: Record<string, unknown>[] = []
  for (const token of message.forms) {
    const form = state.forms.get(token)
    if (!form) continue
    const base = { type: 'human_input', workflow_run_id: form.runId }
    const submission = form.submission
    contents.push(
      submission
        ? {
            ...base,
            submitted: true,
            form_submission_data: {
              node_id: form.nodeId,
              node_title: form.nodeTitle,
              rendered_content: submission.renderedContent,
              action_id: submission.actionId,
              action_text: submission.actionText,
            },
          }
        : // Still listed once it has timed out: clients check `expiration_time`.
          { ...base, submitted: false, form_definition: formDefinition(form) },
    )
  }
  return contents
}

/** A `MessageListItem` (fields/message_fields.py). */
function historyItem(state: EmulatorState, message: MessageRecord): Record<string, unknown> {
  return {
    id: message.id,
    conversation_id: message.conversationId,
    parent_message_id: NIL_UUID,
    inputs: message.inputs,
    query: message.query,
    answer: message.answer,
    message_files: message.files.map((file) => ({
      id: file.id,
      filename: file.url.split('/').pop()?.split('?')[0] ?? 'file',
      type: file.type,
      url: file.url,
      mime_type: file.type === 'image' ? 'image/png' : 'application/octet-stream',
      size: 0,
      transfer_method: file.transfer_method,
      belongs_to: file.belongs_to,
      upload_file_id: file.upload_file_id,
    })),
    feedback: message.feedback ? { rating: message.feedback.rating } : null,
    retriever_resources: message.retrieverResources.map((resource) => ({
      id: crypto.randomUUID(),
      message_id: message.id,
      ...resource,
      created_at: message.createdAt,
    })),
    created_at: message.createdAt,
    agent_thoughts: message.agentThoughts.map((thought) => ({
      ...thought,
      chain_id: null,
      message_id: message.id,
    })),
    status: message.status,
    error: message.error,
    extra_contents: extraContents(state, message),
  }
}

export function messagesRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono()

  app.get('/messages', (c) => {
    const conversationId = c.req.query('conversation_id')
    const firstId = c.req.query('first_id') || undefined
    const user = userFrom(c.req.query('user'), false)
    if (conversationId === undefined)
      throw invalidQuery('conversation_id', 'Field required [type=missing]')
    const limit = queryLimit(c.req.query('limit'), 'MessageListQuery')
    if (conversationId === '') return c.json({ limit, has_more: false, data: [] })
    if (!isUuid(conversationId))
      throw invalidQuery('conversation_id', 'Input should be a valid UUID [type=uuid_parsing]')
    if (firstId !== undefined && !isUuid(firstId)) {
      throw invalidQuery('first_id', 'Input should be a valid UUID [type=uuid_parsing]')
    }
    const conversation = findConversation(ctx.state, conversationId.toLowerCase(), user)
    if (!conversation) throw notFound('Conversation Not Exists.')
    let older = conversation.messages
    if (firstId !== undefined) {
      const index = older.findIndex((message) => message.id === firstId.toLowerCase())
      if (index < 0) throw notFound('First Message Not Exists.')
      older = older.slice(0, index)
    }
    const page = older.slice(-limit)
    return c.json({
      limit,
      has_more: older.length > limit,
      data: page.map((message) => historyItem(ctx.state, message)),
    })
  })

  app.post('/messages/:id/feedbacks', async (c) => {
    const id = pathUuid(c.req.param('id'))
    const body = await readJson(c)
    const user = userFrom(body.user, true)
    const { rating, content } = body
    if (rating !== undefined && rating !== null && rating !== 'like' && rating !== 'dislike') {
      throw invalidParam(
        validationMessage(
          'MessageFeedbackPayload',
          'rating',
          "Input should be 'like' or 'dislike' [type=literal_error]",
        ),
      )
    }
    const message = findMessage(ctx.state, id, user)
    if (!message) throw notFound('Message Not Exists.')
    if (rating === undefined || rating === null) {
      if (!message.feedback) throw invalidParam('rating cannot be None when feedback not exists')
      message.feedback = null
    } else {
      message.feedback = { rating, content: typeof content === 'string' ? content : null }
    }
    return c.json({ result: 'success' })
  })

  app.get('/messages/:id/suggested', (c) => {
    const id = pathUuid(c.req.param('id'))
    const user = userFrom(c.req.query('user'), true)
    const message = findMessage(ctx.state, id, user)
    if (!message) throw notFound('Message Not Exists.')
    if (!ctx.app.suggestionsAfterAnswer) {
      throw new DifyError(400, 'bad_request', 'Suggested Questions Is Disabled.')
    }
    return c.json({ result: 'success', data: ctx.suggestions(message) })
  })

  return app
}
