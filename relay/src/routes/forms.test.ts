import { describe, expect, it } from 'vitest'
import type { FakeHandler } from '../../test/test-kit.ts'
import {
  CONV_ID,
  fakeDify,
  json,
  MSG_ID,
  postJson,
  readEvents,
  sseResponse,
  sseText,
  streamBody,
  TASK_ID,
  testApp,
  VISITOR,
} from '../../test/test-kit.ts'
import type { FormHandle } from '../dify/human-input.ts'
import { visitorIds } from '../visitor-ids.ts'
import { formRoutes } from './forms.ts'

const RUN = 'fb47aaaa-0000-4000-8000-000000000009'
const env = { conversation_id: CONV_ID, message_id: MSG_ID, created_at: 1, task_id: TASK_ID }

/** The sealed form token the test app's visitor would have been given. */
async function formToken(handle: Partial<FormHandle> = {}, visitor = VISITOR, app = 'default') {
  const { token } = await visitorIds('test-secret', { app, visitor }).form({
    form: {
      title: 'Approval',
      content: '{{#$output.feedback#}}',
      fields: [],
      actions: [],
      expiresAt: 0,
    },
    handle: {
      formToken: 'dify-form-token',
      runId: RUN,
      expiresAt: Date.now() + 60_000,
      actions: ['approve', 'reject'],
      fields: ['feedback'],
      ...handle,
    },
  })
  return token
}

const resumed = sseText([
  'ping',
  { event: 'workflow_started', ...env, workflow_run_id: RUN, data: { reason: 'resumption' } },
  {
    event: 'human_input_form_filled',
    ...env,
    data: { rendered_content: 'SECRET_RENDERED', action_id: 'approve', action_text: 'Approve' },
  },
  {
    event: 'node_finished',
    ...env,
    data: { node_type: 'human-input', title: 'Approval', outputs: { feedback: 'SECRET_OUT' } },
  },
  { event: 'message', ...env, id: MSG_ID, answer: 'Approved.' },
  { event: 'message_end', ...env, id: MSG_ID, metadata: { retriever_resources: [] } },
  { event: 'workflow_finished', ...env, data: { status: 'succeeded', outputs: { a: 'SECRET' } } },
])

/** Dify's calls but the `/site` read that decides whether steps show. */
const difyCalls = (fake: ReturnType<typeof fakeDify>) =>
  fake.calls.filter((c) => c.path !== '/site')

function setup(routes: Record<string, FakeHandler> = {}, { hang = false } = {}) {
  const upstream = { body: streamBody([resumed], { hang }) }
  const fake = fakeDify({
    'GET /workflow/:id/events': () => sseResponse(upstream.body.body),
    'POST /form/human_input/:id': () => json({}),
    ...routes,
  })
  const app = testApp(formRoutes, { fetch: fake.fetch })
  const submit = async (token: string | Promise<string>, body: unknown) =>
    app.request(`/api/forms/${encodeURIComponent(await token)}`, postJson(body))
  return { app, fake, upstream, submit }
}

const approve = { action: 'approve', inputs: { feedback: 'Looks good' } }
const errorOf = async (res: Response) => ({ status: res.status, body: await res.json() })

describe('POST /api/forms/:token', () => {
  it('opens the run’s events first, then answers the form, and streams the rest of the answer', async () => {
    const { fake, submit } = setup()
    const res = await submit(formToken(), approve)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform')
    const events = await readEvents(res)
    expect(events).toEqual([
      { type: 'delta', text: 'Approved.' },
      { type: 'end', messageId: MSG_ID, sources: [] },
    ])
    expect(difyCalls(fake).map((c) => `${c.method} ${c.path}`)).toEqual([
      `GET /workflow/${RUN}/events`,
      'POST /form/human_input/dify-form-token',
    ])
    const [events$, form] = difyCalls(fake)
    expect(Object.fromEntries(events$?.query ?? [])).toEqual({
      user: VISITOR,
      include_state_snapshot: 'false',
    })
    expect(form?.json).toEqual({
      inputs: { feedback: 'Looks good' },
      action: 'approve',
      user: VISITOR,
    })
    expect(JSON.stringify(events)).not.toContain('SECRET')
  })

  it('answers 404 for another visitor’s or another app’s form, and Dify never hears of it', async () => {
    const { fake, submit } = setup()
    for (const token of [formToken({}, 'visitor-2'), formToken({}, VISITOR, 'other-app')]) {
      expect(await errorOf(await submit(token, approve))).toEqual({
        status: 404,
        body: { error: { code: 'not_found', message: 'Form not found.' } },
      })
    }
    expect(fake.calls).toHaveLength(0)
  })

  it('answers 404 for a tampered, raw or malformed token', async () => {
    const { fake, submit } = setup()
    const good = await formToken()
    for (const token of [
      `${good.slice(0, 20)}${good[20] === 'A' ? 'B' : 'A'}${good.slice(21)}`,
      'dify-form-token',
      'x'.repeat(9000),
      '%%%',
    ]) {
      expect((await submit(token, approve)).status).toBe(404)
    }
    expect(fake.calls).toHaveLength(0)
  })

  it('answers 410 for a form past its deadline without asking Dify', async () => {
    const { fake, submit } = setup()
    expect(await errorOf(await submit(formToken({ expiresAt: Date.now() - 1 }), approve))).toEqual({
      status: 410,
      body: { error: { code: 'form_expired', message: 'This form has expired.' } },
    })
    expect(fake.calls).toHaveLength(0)
  })

  it('checks the answer against the form’s own actions and fields before calling Dify', async () => {
    const { fake, submit } = setup()
    const cases: [unknown, number, RegExp][] = [
      [{ action: 'maybe', inputs: { feedback: '' } }, 400, /one of the form's: approve, reject/],
      [{ inputs: { feedback: '' } }, 400, /action/],
      [{ action: 'approve', inputs: { feedback: '', extra: 'x' } }, 400, /Unknown field "extra"/],
      [{ action: 'approve', inputs: {} }, 400, /"feedback" must be a string/],
      [{ action: 'approve', inputs: { feedback: 5 } }, 400, /"feedback" must be a string/],
      [{ action: 'approve', inputs: [] }, 400, /inputs must be an object/],
      [['approve'], 400, /JSON object/],
      [{ action: 'approve', inputs: { feedback: '😀'.repeat(4001) } }, 413, /4001 characters/],
    ]
    for (const [body, status, message] of cases) {
      const res = await submit(formToken(), body)
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status)
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message)
    }
    expect(fake.calls).toHaveLength(0)
  })

  it('refuses a body that is not JSON or over 64 KB', async () => {
    const { app, submit } = setup()
    const token = encodeURIComponent(await formToken())
    const notJson = await app.request(`/api/forms/${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{nope',
    })
    expect(notJson.status).toBe(400)
    const huge = await submit(token, {
      action: 'approve',
      inputs: { feedback: 'x'.repeat(70_000) },
    })
    expect(huge.status).toBe(413)
  })

  it('maps Dify’s refusals: answered 409, expired 410, unknown 404, invalid 400; the events stop', async () => {
    const dify = (status: number, code: string, message: string) => () =>
      json({ code, message, status }, status)
    const cases: [FakeHandler, number, string][] = [
      [
        dify(412, 'human_input_form_submitted', 'This form has already been submitted, form_id=x'),
        409,
        'form_answered',
      ],
      [
        dify(412, 'human_input_form_expired', 'This form has expired, form_id=x'),
        410,
        'form_expired',
      ],
      [dify(404, 'not_found', 'Form not found'), 404, 'not_found'],
      [dify(400, 'invalid_form_data', 'Missing required inputs: feedback'), 400, 'bad_request'],
    ]
    for (const [handler, status, code] of cases) {
      const { upstream, submit } = setup({ 'POST /form/human_input/:id': handler }, { hang: true })
      const res = await submit(formToken(), approve)
      expect(res.status, code).toBe(status)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code)
      expect(upstream.body.state.cancelled).toBe(true)
    }
  })

  it('does not answer the form when the run’s events cannot be opened', async () => {
    const { fake, submit } = setup({
      'GET /workflow/:id/events': () =>
        json({ code: 'not_found', message: 'Workflow run not found', status: 404 }, 404),
    })
    expect((await submit(formToken(), approve)).status).toBe(404)
    expect(difyCalls(fake).map((c) => c.path)).toEqual([`/workflow/${RUN}/events`])
  })

  it('ends with upstream_timeout when the resumed run sends only pings', async () => {
    const pings = streamBody(['event: ping\n\n', 'event: ping\n\n'], { hang: true })
    const fake = fakeDify({
      'GET /workflow/:id/events': () => sseResponse(pings.body),
      'POST /form/human_input/:id': () => json({}),
    })
    const app = testApp(formRoutes, {
      fetch: fake.fetch,
      config: { upstreamFirstByteTimeoutMs: 80, upstreamIdleTimeoutMs: 80 },
    })
    const res = await app.request(
      `/api/forms/${encodeURIComponent(await formToken())}`,
      postJson(approve),
    )
    expect(await readEvents(res)).toEqual([
      { type: 'error', code: 'upstream_timeout', message: expect.any(String), retryable: true },
    ])
  })
})
