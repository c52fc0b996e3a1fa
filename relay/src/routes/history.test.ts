import type { HistoryResponse } from '@parley/shared'
import { describe, expect, it } from 'vitest'
import { CONV_ID, fakeDify, json, MSG_ID, testApp, VISITOR } from '../../test/test-kit.ts'
import { visitorIds } from '../visitor-ids.ts'
import { historyRoutes } from './history.ts'

const difyMessage = {
  id: MSG_ID,
  conversation_id: CONV_ID,
  parent_message_id: null,
  inputs: { secret: 'SECRET_INPUT' },
  query: 'Where is my order?',
  answer: 'On its way.',
  feedback: { rating: 'like' },
  retriever_resources: [
    {
      document_name: 'Shipping.md',
      content: 'Ships in 2 days',
      dataset_id: 'SECRET_DS',
      score: 0.9,
    },
  ],
  created_at: 1747000000,
  agent_thoughts: [{ thought: 'SECRET_THOUGHT', tool_input: 'SECRET_TOOL' }],
  message_files: [
    {
      id: 'f1',
      type: 'image',
      url: '/files/tools/a.png?sign=1',
      belongs_to: 'assistant',
      upload_file_id: 'SECRET_F',
    },
    {
      id: 'f2',
      type: 'image',
      url: '/files/upload/b.png?sign=1',
      belongs_to: 'user',
      filename: 'boots.png',
      upload_file_id: 'SECRET_U',
    },
    { id: 'f3', type: 'image', url: 'https://tracker.example.net/c.png', belongs_to: 'assistant' },
  ],
  status: 'normal',
  error: null,
  extra_contents: [{ secret: 'SECRET_EXTRA' }],
}

function setup(handler = () => json({ limit: 20, has_more: true, data: [difyMessage] })) {
  const fake = fakeDify({ 'GET /messages': handler })
  return { fake, app: testApp(historyRoutes, { fetch: fake.fetch }) }
}

describe('GET /api/conversations/:id/messages', () => {
  it('maps the visitor’s history and nothing else', async () => {
    const { app, fake } = setup()
    const res = await app.request(`/api/conversations/${CONV_ID}/messages`)
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toEqual({
      hasMore: true,
      messages: [
        {
          id: MSG_ID,
          conversationId: CONV_ID,
          query: 'Where is my order?',
          answer: 'On its way.',
          createdAt: 1747000000000,
          feedback: 'like',
          sources: [{ title: 'Shipping.md', snippet: 'Ships in 2 days' }],
          files: [{ url: 'https://dify.test/files/tools/a.png?sign=1', type: 'image' }],
          queryFiles: [
            {
              url: 'https://dify.test/files/upload/b.png?sign=1',
              type: 'image',
              name: 'boots.png',
            },
          ],
          status: 'normal',
          error: null,
          form: null,
        },
      ],
    })
    expect(JSON.stringify(body)).not.toContain('SECRET')
    expect(Object.fromEntries(fake.calls[0]?.query ?? [])).toEqual({
      conversation_id: CONV_ID,
      user: VISITOR,
      limit: '20',
    })
  })

  it('pages back with before and limit', async () => {
    const { app, fake } = setup()
    await app.request(`/api/conversations/${CONV_ID}/messages?before=${MSG_ID}&limit=5`)
    expect(fake.calls[0]?.query.get('first_id')).toBe(MSG_ID)
    expect(fake.calls[0]?.query.get('limit')).toBe('5')
  })

  it('shows a failed answer with a sanitized error', async () => {
    const failed = { ...difyMessage, status: 'error', error: '<html>Traceback</html>' }
    const { app } = setup(() => json({ limit: 20, has_more: false, data: [failed] }))
    const body = (await (await app.request(`/api/conversations/${CONV_ID}/messages`)).json()) as {
      messages: { status: string; error: string }[]
    }
    expect(body.messages[0]).toMatchObject({ status: 'error', error: 'The answer failed.' })
  })

  it('answers 404 for another visitor’s or an unknown conversation', async () => {
    const { app } = setup(() =>
      json({ code: 'not_found', message: 'Conversation Not Exists.', status: 404 }, 404),
    )
    const res = await app.request(`/api/conversations/${CONV_ID}/messages`)
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found')
  })

  it('refuses malformed ids and limits without calling Dify', async () => {
    const { app, fake } = setup()
    expect((await app.request('/api/conversations/not-a-uuid/messages')).status).toBe(404)
    expect((await app.request(`/api/conversations/${CONV_ID}/messages?before=x`)).status).toBe(400)
    for (const limit of ['0', '101', 'ten', '1.5']) {
      expect(
        (await app.request(`/api/conversations/${CONV_ID}/messages?limit=${limit}`)).status,
      ).toBe(400)
    }
    expect(fake.calls).toHaveLength(0)
  })

  describe('a paused answer', () => {
    const RUN = 'fb47aaaa-0000-4000-8000-000000000009'
    const definition = (extra: Record<string, unknown> = {}) => ({
      form_id: 'SECRET_FORM_ID',
      node_id: 'SECRET_NODE',
      node_title: 'Approval',
      form_content: 'Ok? {{#$output.feedback#}}',
      inputs: [{ type: 'paragraph', output_variable_name: 'feedback', default: null }],
      actions: [{ id: 'approve', title: 'Approve', button_style: 'primary' }],
      display_in_ui: true,
      form_token: 'SECRET_FORM_TOKEN',
      resolved_default_values: {},
      expiration_time: Math.floor(Date.now() / 1000) + 3600,
      ...extra,
    })
    const pausedWith = (...extra_contents: unknown[]) => ({
      ...difyMessage,
      status: 'paused',
      answer: 'Draft so far.',
      extra_contents,
    })
    const history = async (message: unknown) => {
      const { app } = setup(() => json({ limit: 20, has_more: false, data: [message] }))
      const res = await app.request(`/api/conversations/${CONV_ID}/messages`)
      return (await res.json()) as HistoryResponse
    }

    it('waits on its form, sealed for this visitor as in the stream', async () => {
      const body = await history(
        pausedWith(
          { type: 'human_input', workflow_run_id: RUN, submitted: true, form_submission_data: {} },
          {
            type: 'human_input',
            workflow_run_id: RUN,
            submitted: false,
            form_definition: definition(),
          },
        ),
      )
      const [message] = body.messages
      expect(message).toMatchObject({
        status: 'paused',
        answer: 'Draft so far.',
        form: {
          title: 'Approval',
          content: 'Ok? {{#$output.feedback#}}',
          fields: [{ name: 'feedback', type: 'paragraph', default: '' }],
          actions: [{ id: 'approve', title: 'Approve', style: 'primary' }],
        },
      })
      const ids = visitorIds('test-secret', { app: 'default', visitor: VISITOR })
      expect(await ids.formHandle(message?.form?.token ?? '')).toMatchObject({
        formToken: 'SECRET_FORM_TOKEN',
        runId: RUN,
        actions: ['approve'],
        fields: ['feedback'],
      })
      const other = visitorIds('test-secret', { app: 'default', visitor: 'visitor-2' })
      expect(await other.formHandle(message?.form?.token ?? '')).toBeNull()
      expect(JSON.stringify(body)).not.toContain('SECRET')
    })

    it('has no form once it expired, was answered, is meant for elsewhere or cannot be shown', async () => {
      const waiting = (extra: Record<string, unknown>) => ({
        type: 'human_input',
        workflow_run_id: RUN,
        submitted: false,
        form_definition: definition(extra),
      })
      for (const content of [
        waiting({ expiration_time: Math.floor(Date.now() / 1000) - 1 }),
        waiting({ display_in_ui: false }),
        waiting({ inputs: [{ type: 'select', output_variable_name: 'plan' }] }),
        {
          type: 'human_input',
          workflow_run_id: RUN,
          submitted: true,
          form_definition: definition(),
        },
        { type: 'other', submitted: false, form_definition: definition() },
      ]) {
        const [message] = (await history(pausedWith(content))).messages
        expect(message, JSON.stringify(content).slice(0, 80)).toMatchObject({
          status: 'paused',
          form: null,
        })
      }
    })

    it('shows a form only while the message is paused', async () => {
      const answered = {
        ...pausedWith({
          type: 'human_input',
          workflow_run_id: RUN,
          submitted: false,
          form_definition: definition(),
        }),
        status: 'normal',
      }
      expect((await history(answered)).messages[0]).toMatchObject({ status: 'normal', form: null })
    })
  })
})
