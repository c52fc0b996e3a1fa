import { describe, expect, it } from 'vitest'
import type { FakeHandler } from '../../test/test-kit.ts'
import {
  BASE_PARAMETERS,
  fakeDify,
  json,
  MSG_ID,
  postJson,
  testApp,
  VISITOR,
} from '../../test/test-kit.ts'
import { messageRoutes } from './messages.ts'

function setup(routes: Record<string, FakeHandler> = {}) {
  const fake = fakeDify({
    'POST /messages/:id/feedbacks': () => json({ result: 'success' }),
    ...routes,
  })
  return { fake, app: testApp(messageRoutes, { fetch: fake.fetch }) }
}

describe('POST /api/messages/:id/feedback', () => {
  it('sends the rating as the visitor', async () => {
    const { app, fake } = setup()
    const res = await app.request(
      `/api/messages/${MSG_ID}/feedback`,
      postJson({ rating: 'dislike', content: 'Wrong price' }),
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
    expect(fake.calls[0]?.path).toBe(`/messages/${MSG_ID}/feedbacks`)
    expect(fake.calls[0]?.json).toEqual({
      rating: 'dislike',
      content: 'Wrong price',
      user: VISITOR,
    })
  })

  it('treats withdrawing feedback that does not exist as done', async () => {
    const { app } = setup({
      'POST /messages/:id/feedbacks': () =>
        json(
          {
            code: 'invalid_param',
            message: 'rating cannot be None when feedback not exists',
            status: 400,
          },
          400,
        ),
    })
    const res = await app.request(`/api/messages/${MSG_ID}/feedback`, postJson({ rating: null }))
    expect(res.status).toBe(200)
  })

  it('refuses bad ratings, content and ids', async () => {
    const { app, fake } = setup()
    expect(
      (await app.request(`/api/messages/${MSG_ID}/feedback`, postJson({ rating: 'love' }))).status,
    ).toBe(400)
    expect((await app.request(`/api/messages/${MSG_ID}/feedback`, postJson({}))).status).toBe(400)
    expect(
      (
        await app.request(
          `/api/messages/${MSG_ID}/feedback`,
          postJson({ rating: 'like', content: 'x'.repeat(1001) }),
        )
      ).status,
    ).toBe(400)
    expect(
      (await app.request('/api/messages/nope/feedback', postJson({ rating: 'like' }))).status,
    ).toBe(404)
    expect(fake.calls).toHaveLength(0)
  })

  it('answers 404 for another visitor’s message', async () => {
    const { app } = setup({
      'POST /messages/:id/feedbacks': () =>
        json({ code: 'not_found', message: 'Message Not Exists.', status: 404 }, 404),
    })
    expect(
      (await app.request(`/api/messages/${MSG_ID}/feedback`, postJson({ rating: 'like' }))).status,
    ).toBe(404)
  })
})

describe('GET /api/messages/:id/suggested', () => {
  const enabled = () =>
    json({ ...BASE_PARAMETERS, suggested_questions_after_answer: { enabled: true } })

  it('returns Dify’s suggestions for the visitor', async () => {
    const { app, fake } = setup({
      'GET /parameters': enabled,
      'GET /messages/:id/suggested': () =>
        json({ result: 'success', data: ['Track it?', 'Return it?'] }),
    })
    const res = await app.request(`/api/messages/${MSG_ID}/suggested`)
    expect(await res.json()).toEqual({ questions: ['Track it?', 'Return it?'] })
    expect(fake.calls.find((c) => c.path.endsWith('/suggested'))?.query.get('user')).toBe(VISITOR)
  })

  it('asks Dify once per answer: a repeat comes from the relay (each ask is a model call)', async () => {
    const { app, fake } = setup({
      'GET /parameters': enabled,
      'GET /messages/:id/suggested': () => json({ result: 'success', data: ['Track it?'] }),
    })
    for (let i = 0; i < 5; i++) {
      const res = await app.request(`/api/messages/${MSG_ID}/suggested`)
      expect(await res.json()).toEqual({ questions: ['Track it?'] })
    }
    expect(fake.calls.filter((c) => c.path.endsWith('/suggested'))).toHaveLength(1)
  })

  it('returns no questions without asking Dify when the feature is off', async () => {
    const { app, fake } = setup()
    expect(await (await app.request(`/api/messages/${MSG_ID}/suggested`)).json()).toEqual({
      questions: [],
    })
    expect(fake.calls.map((c) => c.path)).toEqual(['/parameters'])
  })

  it('returns no questions when Dify says the feature is disabled', async () => {
    const { app } = setup({
      'GET /parameters': enabled,
      'GET /messages/:id/suggested': () =>
        json(
          { code: 'bad_request', message: 'Suggested Questions Is Disabled.', status: 400 },
          400,
        ),
    })
    expect(await (await app.request(`/api/messages/${MSG_ID}/suggested`)).json()).toEqual({
      questions: [],
    })
  })
})
