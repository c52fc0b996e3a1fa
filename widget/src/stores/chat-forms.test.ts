import type { HumanInputForm } from '@parley/shared'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { error, type FakeRelay, fakeRelay, sse } from '../../test/fake-relay.ts'
import { type TestWidget, testWidget } from '../../test/widget.tsx'
import type { ChatStore } from './chat.ts'

let relay: FakeRelay
let widget: TestWidget
let chat: ChatStore
const last = () => chat.$messages.get().at(-1)
const settled = () => vi.waitFor(() => expect(last()?.state).not.toBe('streaming'))

const form: HumanInputForm = {
  token: 'signed.token',
  title: 'Approval',
  content: 'Feedback: {{#$output.feedback#}}',
  fields: [{ name: 'feedback', type: 'paragraph', default: '' }],
  actions: [
    { id: 'approve', title: 'Approve', style: 'primary' },
    { id: 'reject', title: 'Request changes', style: 'default' },
  ],
  expiresAt: Date.now() + 60_000,
}

beforeEach(async () => {
  sessionStorage.clear()
  relay = fakeRelay()
  widget = testWidget({ fetch: relay.fetch })
  chat = widget.chat
  relay.on('POST /api/chat', () =>
    sse([
      { type: 'start', conversationId: 'c1', messageId: 'm1', taskId: 't1' },
      { type: 'delta', text: 'Here is the draft.' },
      { type: 'form', form },
      { type: 'end', messageId: 'm1', sources: [] },
    ]),
  )
  chat.send('Write it')
  await settled()
})

afterEach(() => widget.destroy())

describe('an answer paused on a human-input form', () => {
  it('keeps the form on the finished answer', () => {
    expect(last()).toMatchObject({ state: 'done', text: 'Here is the draft.', form })
  })

  it('answers it through the relay and streams the rest into the same answer', async () => {
    relay.on('POST /api/forms/:token', () =>
      sse([
        { type: 'delta', text: ' Approved: sending it.' },
        { type: 'end', messageId: 'm1', sources: [] },
      ]),
    )
    const id = last()?.id ?? ''
    await chat.answerForm(id, 'approve', { feedback: 'LGTM' })
    expect(last()).toMatchObject({ state: 'streaming', answered: 'Approve' })
    expect(last()?.form).toBeUndefined()
    await settled()
    expect(last()).toMatchObject({ id, text: 'Here is the draft. Approved: sending it.' })
    const call = relay.calls.find((c) => c.path.startsWith('/api/forms/'))
    expect(call?.path).toBe('/api/forms/signed.token')
    expect(call?.body).toEqual({ action: 'approve', inputs: { feedback: 'LGTM' } })
    expect(chat.$announcement.get()).toBe('Here is the draft. Approved: sending it.')
  })

  it('keeps the form and rejects with the relay’s code when it refuses', async () => {
    relay.on('POST /api/forms/:token', () => error('form_expired', 410))
    await expect(
      chat.answerForm(last()?.id ?? '', 'approve', { feedback: '' }),
    ).rejects.toMatchObject({ code: 'form_expired' })
    expect(last()).toMatchObject({ state: 'done', form })
  })

  it('refuses to answer while another answer streams, keeping the form', async () => {
    const id = last()?.id ?? ''
    relay.on('POST /api/chat', () =>
      sse([{ type: 'delta', text: 'x' }], { hold: new Promise(() => {}) }),
    )
    chat.send('Something else')
    await expect(chat.answerForm(id, 'approve', { feedback: '' })).rejects.toMatchObject({
      code: 'bad_request',
    })
    expect(chat.$messages.get().find((m) => m.id === id)?.form).toEqual(form)
    expect(relay.calls.some((c) => c.path.startsWith('/api/forms/'))).toBe(false)
    chat.stop()
  })
})
