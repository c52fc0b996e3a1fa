import { afterEach, describe, expect, it } from 'vitest'
import type { DifyEmulator, EmulatorOptions } from './emulator.ts'
import { createDifyEmulator } from './emulator.ts'
import type { DifyFrame } from './read-frames.ts'
import {
  answerOf,
  callDify,
  errorOf,
  type Json,
  jsonOf,
  parseDifyFrames,
  postChat,
  readDifyFrames,
} from './read-frames.ts'

let emulator: DifyEmulator
afterEach(() => emulator?.dispose())

const events = (frames: DifyFrame[]) => frames.map((f) => f.event)

/** A chatflow answer that pauses on the default Approval form. */
async function paused(options: EmulatorOptions = {}, query = 'Please approve this') {
  emulator = createDifyEmulator({ humanInput: {}, ...options })
  const frames = await readDifyFrames(await postChat(emulator, { query }))
  const required = frames.find((f) => f.event === 'human_input_required') as Json
  return { frames, required, form: required?.data, runId: String(required?.workflow_run_id) }
}

const events$ = (runId: string, user = 'u1') =>
  callDify(emulator, 'GET', `/workflow/${runId}/events?user=${user}&include_state_snapshot=false`)
const submit = (token: string, body: Record<string, unknown>) =>
  callDify(emulator, 'POST', `/form/human_input/${token}`, body)

describe('human input (chatflow pause)', () => {
  it('pauses with human_input_required then workflow_paused, in the chat envelope', async () => {
    const { frames, required } = await paused()
    expect(events(frames).slice(-3)).toEqual([
      'node_started',
      'human_input_required',
      'workflow_paused',
    ])
    expect(frames.at(-3)).toMatchObject({ data: { node_type: 'human-input', title: 'Approval' } })
    expect(Object.keys(required).slice(0, 5)).toEqual([
      'event',
      'conversation_id',
      'message_id',
      'created_at',
      'task_id',
    ])
    expect(Object.keys(required.data)).toEqual([
      'form_id',
      'node_id',
      'node_title',
      'form_content',
      'inputs',
      'actions',
      'display_in_ui',
      'form_token',
      'resolved_default_values',
      'expiration_time',
    ])
    expect(required.data).toMatchObject({
      node_title: 'Approval',
      inputs: [
        {
          type: 'paragraph',
          output_variable_name: 'feedback',
          default: { type: 'constant', selector: [], value: '' },
        },
      ],
      actions: [
        { id: 'approve', title: 'Approve', button_style: 'primary' },
        { id: 'reject', title: 'Reject', button_style: 'default' },
      ],
      display_in_ui: true,
    })
    expect(required.data.form_content).toContain('{{#$output.feedback#}}')
    expect(required.data.expiration_time).toBeGreaterThan(Date.now() / 1000 + 35 * 3600)
    expect(frames.at(-1)).toMatchObject({
      workflow_run_id: required.workflow_run_id,
      data: {
        status: 'paused',
        paused_nodes: [required.data.node_id],
        reasons: [{ TYPE: 'human_input_required', form_token: required.data.form_token }],
      },
    })
    expect(events(frames)).not.toContain('message_end')
  })

  it('lists the paused message with its form, and what was chosen once answered', async () => {
    const { required, form, runId } = await paused()
    const history = async () =>
      (
        await jsonOf(
          await callDify(
            emulator,
            'GET',
            `/messages?conversation_id=${required.conversation_id}&user=u1`,
          ),
        )
      ).data[0]
    const before = await history()
    expect(before).toMatchObject({ status: 'paused', answer: 'You said: Please approve this' })
    expect(before.extra_contents).toEqual([
      { type: 'human_input', workflow_run_id: runId, submitted: false, form_definition: form },
    ])
    const stream = await events$(runId)
    await submit(form.form_token, { inputs: { feedback: 'Fine' }, action: 'approve', user: 'u1' })
    await stream.text()
    await emulator.settled()
    const after = await history()
    expect(after.status).toBe('normal')
    expect(after.extra_contents).toEqual([
      {
        type: 'human_input',
        workflow_run_id: runId,
        submitted: true,
        form_submission_data: {
          node_id: form.node_id,
          node_title: 'Approval',
          rendered_content: 'Please review the answer so far.\n\n**Feedback**\n\nFine',
          action_id: 'approve',
          action_text: 'Approve',
        },
      },
    ])
  })

  it('resumes on the events stream opened before the answer: ping, the rest, then it closes', async () => {
    const { form, runId, required } = await paused()
    const stream = await events$(runId)
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(stream.headers.get('cache-control')).toBe('no-cache')
    const answered = await submit(form.form_token, {
      inputs: { feedback: 'Looks good' },
      action: 'approve',
      user: 'someone-else',
    })
    expect(answered.status).toBe(200)
    expect(await jsonOf(answered)).toEqual({})
    const frames = parseDifyFrames(await stream.text())
    expect(events(frames)).toEqual([
      'ping',
      'workflow_started',
      'human_input_form_filled',
      'node_finished',
      'node_started',
      ...Array(frames.filter((f) => f.event === 'message').length).fill('message'),
      'node_finished',
      'node_started',
      'node_finished',
      'message_end',
      'workflow_finished',
    ])
    expect(frames[1]).toMatchObject({ data: { reason: 'resumption' } })
    expect(frames[2]).toMatchObject({
      conversation_id: required.conversation_id,
      message_id: required.message_id,
      task_id: required.task_id,
      data: { action_id: 'approve', action_text: 'Approve', node_title: 'Approval' },
    })
    expect(answerOf(frames)).toBe('Thanks: you chose “Approve”. You wrote feedback: “Looks good”.')
    await emulator.settled()
    expect(emulator.state.messages.get(required.message_id)).toMatchObject({
      status: 'normal',
      answer: `You said: Please approve this${answerOf(frames)}`,
    })
  })

  it('replays nothing: a stream opened after the run ended gets its workflow_finished only', async () => {
    const { form, runId } = await paused()
    await submit(form.form_token, { inputs: { feedback: '' }, action: 'reject', user: 'u1' })
    await emulator.settled()
    const text = await (await events$(runId)).text()
    expect(text).toMatch(/^data: \{"event": "workflow_finished", "task_id": "[^"]+", /)
    expect(parseDifyFrames(text)).toEqual([
      expect.objectContaining({ event: 'workflow_finished', data: expect.any(Object) }),
    ])
  })

  it('takes one answer: a second is 412 human_input_form_submitted', async () => {
    const { form } = await paused()
    const answer = { inputs: { feedback: 'x' }, action: 'approve', user: 'u1' }
    expect((await submit(form.form_token, answer)).status).toBe(200)
    expect(await errorOf(await submit(form.form_token, answer))).toEqual({
      status: 412,
      body: {
        code: 'human_input_form_submitted',
        message: `This form has already been submitted by another user, form_id=${form.form_id}`,
        status: 412,
      },
    })
  })

  it('refuses unknown tokens, unknown actions, missing inputs and a missing user', async () => {
    const { form } = await paused()
    const token = form.form_token
    expect(
      (await errorOf(await submit('nope', { inputs: {}, action: 'x', user: 'u1' }))).status,
    ).toBe(404)
    expect(
      await errorOf(await submit(token, { inputs: { feedback: '' }, action: 'maybe', user: 'u1' })),
    ).toMatchObject({
      status: 400,
      body: { code: 'invalid_form_data', message: 'Invalid action: maybe' },
    })
    expect(
      await errorOf(await submit(token, { inputs: {}, action: 'approve', user: 'u1' })),
    ).toMatchObject({
      status: 400,
      body: { code: 'invalid_form_data', message: 'Missing required inputs: feedback' },
    })
    expect(
      await errorOf(await submit(token, { inputs: { feedback: '' }, action: 'approve' })),
    ).toMatchObject({ status: 400, body: { code: 'invalid_param' } })
    // Still open after all that.
    expect((await callDify(emulator, 'GET', `/form/human_input/${token}`)).status).toBe(200)
  })

  it('serves the form definition with user_actions and stringified defaults', async () => {
    const { form } = await paused({
      humanInput: { inputs: [{ name: 'draft', type: 'paragraph', variableDefault: 'v1' }] },
    })
    expect(
      await jsonOf(await callDify(emulator, 'GET', `/form/human_input/${form.form_token}`)),
    ).toEqual({
      form_content: form.form_content,
      inputs: form.inputs,
      resolved_default_values: { draft: 'v1' },
      user_actions: form.actions,
      expiration_time: form.expiration_time,
    })
  })

  it('finds another user’s run as no run at all', async () => {
    const { runId } = await paused()
    expect(await errorOf(await events$(runId, 'u2'))).toMatchObject({
      status: 404,
      body: { code: 'not_found', message: 'Workflow run not found' },
    })
  })

  it('expires: 412 human_input_form_expired, and the run goes on its timeout branch', async () => {
    const { form, runId } = await paused({ humanInput: { expiresInMs: 300 } })
    const stream = await events$(runId)
    const frames = parseDifyFrames(await stream.text())
    expect(events(frames).slice(0, 3)).toEqual([
      'ping',
      'workflow_started',
      'human_input_form_timeout',
    ])
    expect(answerOf(frames)).toBe('No one answered the form in time, so I went on without it.')
    expect(
      await errorOf(await submit(form.form_token, { inputs: {}, action: 'approve', user: 'u1' })),
    ).toMatchObject({ status: 412, body: { code: 'human_input_form_expired' } })
  })

  it('pauses only on its keyword, and not on forms meant for elsewhere', async () => {
    emulator = createDifyEmulator({ humanInput: { keyword: 'sign off', displayInUi: false } })
    const plain = await readDifyFrames(await postChat(emulator, { query: 'hello' }))
    expect(events(plain)).not.toContain('workflow_started')
    const frames = await readDifyFrames(await postChat(emulator, { query: 'Please SIGN OFF' }))
    const required = frames.find((f) => f.event === 'human_input_required') as Json
    expect(required.data.display_in_ui).toBe(false)
    const answer = { inputs: { feedback: '' }, action: 'approve', user: 'u1' }
    expect((await submit(required.data.form_token, answer)).status).toBe(404)
  })

  it('can pause again once answered', async () => {
    const { form, runId } = await paused({
      humanInput: { next: { title: 'Second look', actions: [{ id: 'ok', title: 'OK' }] } },
    })
    const stream = await events$(runId)
    await submit(form.form_token, { inputs: { feedback: '' }, action: 'approve', user: 'u1' })
    const frames = parseDifyFrames(await stream.text())
    expect(events(frames).slice(-2)).toEqual(['human_input_required', 'workflow_paused'])
    expect(frames.at(-2)).toMatchObject({ data: { node_title: 'Second look' } })
  })
})
