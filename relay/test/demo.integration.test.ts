import type { DifyEmulator } from '@parley/emulator'
import { createDemoUpstream, demoAnswer } from '@parley/emulator'
import type { Json } from '@parley/emulator/server'
import type { AppInfo, StartEvent } from '@parley/shared'
import { ROUTES } from '@parley/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoopbackRelay } from './loopback-relay.ts'
import { readStream, startLoopbackRelay, textOf } from './loopback-relay.ts'

let demo: DifyEmulator
let relay: LoopbackRelay
beforeAll(async () => {
  // The demo upstream unpaced, so the test does not wait 20–40 ms per word.
  demo = createDemoUpstream({ scenario: { frameDelayMs: 0 } })
  relay = await startLoopbackRelay(null, {}, { fetch: demo.fetch })
})
afterAll(async () => {
  await relay.close()
  demo.dispose()
})

describe('demo mode over loopback', () => {
  it('says it is in demo mode and introduces Parley', async () => {
    const health: Json = await (await fetch(`${relay.url}${ROUTES.health}`)).json()
    expect(health).toMatchObject({ ok: true, mode: 'demo' })
    const token = await relay.session()
    const app = (await (await relay.api(token, 'GET', ROUTES.app)).json()) as AppInfo
    expect(app.openingStatement).toContain('Parley')
    expect(app.suggestedQuestions.length).toBeGreaterThan(0)
    expect(app.features.suggestionsAfterAnswer).toBe(true)
    expect(app.features.steps).toBe(true)
    expect(app.look).toMatchObject({
      color: '#2563eb',
      disclaimer: 'Answers come from a demo emulator, not a real model.',
      privacyPolicy: null,
    })
  })

  it('answers, keeps history, takes feedback and suggests follow-ups', async () => {
    const token = await relay.session()
    const { events } = await readStream(await relay.chat(token, { query: 'What is Parley?' }))
    expect(textOf(events)).toBe(demoAnswer('What is Parley?'))
    expect(events.filter((e) => e.type === 'status')).toEqual([
      { type: 'status', label: 'Search the Parley docs' },
      { type: 'status', label: 'Write the answer' },
    ])
    expect(events.at(-1)?.type).toBe('end')
    const { conversationId, messageId } = events[0] as StartEvent

    const history: Json = await (
      await relay.api(token, 'GET', ROUTES.messages(conversationId))
    ).json()
    expect(history.messages).toEqual([
      expect.objectContaining({ id: messageId, query: 'What is Parley?', feedback: null }),
    ])
    const like = await relay.api(token, 'POST', ROUTES.feedback(messageId), { rating: 'like' })
    expect(like.status).toBe(200)
    expect(demo.state.messages.get(messageId)?.feedback?.rating).toBe('like')
    const withdraw = await relay.api(token, 'POST', ROUTES.feedback(messageId), { rating: null })
    expect(withdraw.status).toBe(200)
    expect(demo.state.messages.get(messageId)?.feedback).toBeNull()

    const suggested: Json = await (
      await relay.api(token, 'GET', ROUTES.suggested(messageId))
    ).json()
    expect(suggested.questions).toHaveLength(3)
  })

  it('shows a human-input form when asked to approve, and goes on once it is answered', async () => {
    const token = await relay.session()
    const { events } = await readStream(await relay.chat(token, { query: 'Please approve this' }))
    const form = events.find((e) => e.type === 'form')
    expect(form?.type === 'form' && form.form).toMatchObject({
      title: 'Approval',
      actions: [{ id: 'approve' }, { id: 'reject' }],
    })
    expect(events.at(-1)?.type).toBe('end')
    if (form?.type !== 'form') return
    const res = await relay.api(token, 'POST', ROUTES.form(form.form.token), {
      action: 'approve',
      inputs: { feedback: 'Nice' },
    })
    const rest = await readStream(res)
    expect(textOf(rest.events)).toContain('Approve')
    expect(rest.events.at(-1)?.type).toBe('end')
  })
})
