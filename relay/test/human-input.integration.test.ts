/**
 * Human input and stops over loopback: the relay on a real port, Dify's emulator behind it with its
 * human-input option on (a message with "approve" pauses on an Approval form). Two visitors, so
 * that one visitor's tokens are shown to do nothing for the other.
 */
import type { DifyUpstream } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import type {
  ErrorBody,
  FormEvent,
  HistoryResponse,
  HumanInputForm,
  StartEvent,
  WidgetEvent,
} from '@parley/shared'
import { ROUTES } from '@parley/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FORM_LIMITS } from '../src/dify/human-input.ts'
import type { LoopbackRelay } from './loopback-relay.ts'
import { followStream, readStream, startLoopbackRelay, textOf } from './loopback-relay.ts'

let upstream: DifyUpstream
let relay: LoopbackRelay
/** Everything the browser got, to look for Dify's form tokens in. */
const seen: string[] = []

beforeAll(async () => {
  upstream = await startDifyUpstream({ humanInput: {} })
  relay = await startLoopbackRelay(upstream)
})
afterAll(async () => {
  const raw = seen.join('\n')
  expect(upstream.emulator.forms().length).toBeGreaterThan(0)
  for (const form of upstream.emulator.forms()) expect(raw).not.toContain(form.token)
  await relay.close()
  await upstream.close()
})

const codeOf = async (res: Response) => ((await res.json()) as ErrorBody).error.code
const formCalls = () => upstream.received.filter((r) => r.includes('/form/human_input/'))
const stopCalls = () => upstream.received.filter((r) => r.endsWith('/stop'))

/** A visitor's message that pauses: the events, and the form the widget would show. */
async function pausedAnswer(token: string, on: LoopbackRelay = relay) {
  const { events, raw } = await readStream(await on.chat(token, { query: 'Please approve' }))
  seen.push(raw)
  const form = events.find((e): e is FormEvent => e.type === 'form')?.form
  if (!form) throw new Error(`no form in ${JSON.stringify(events)}`)
  return { events, form, start: events[0] as StartEvent }
}

function submit(token: string, form: HumanInputForm, body: unknown, on: LoopbackRelay = relay) {
  return on.api(token, 'POST', ROUTES.form(form.token), body)
}

async function history(token: string, conversationId: string) {
  const res = await relay.api(token, 'GET', ROUTES.messages(conversationId))
  const text = await res.text()
  seen.push(text)
  return JSON.parse(text) as HistoryResponse
}

describe('human input over loopback', () => {
  it('pauses on a form, then answering it streams the rest of the answer to its end', async () => {
    const visitor = await relay.session()
    const { events, form, start } = await pausedAnswer(visitor)
    expect(events.filter((e) => e.type !== 'delta')).toEqual([
      expect.objectContaining({ type: 'start' }),
      { type: 'status', label: 'LLM' },
      { type: 'status', label: 'Approval' },
      expect.objectContaining({ type: 'form' }),
      { type: 'end', messageId: start.messageId, sources: [] },
    ])
    expect(textOf(events)).toBe('You said: Please approve')
    expect(form).toMatchObject({
      title: 'Approval',
      fields: [{ name: 'feedback', type: 'paragraph', default: '' }],
      actions: [
        { id: 'approve', title: 'Approve', style: 'primary' },
        { id: 'reject', title: 'Reject', style: 'default' },
      ],
    })
    expect(form.content).toContain('{{#$output.feedback#}}')
    expect(form.expiresAt).toBeGreaterThan(Date.now() + 35 * 3_600_000)

    const paused = await history(visitor, start.conversationId)
    expect(paused.messages[0]).toMatchObject({
      id: start.messageId,
      status: 'paused',
      answer: 'You said: Please approve',
      form: { title: 'Approval', actions: form.actions },
    })

    const res = await submit(visitor, form, { action: 'approve', inputs: { feedback: 'Ship it' } })
    expect(res.status).toBe(200)
    const rest = await readStream(res)
    seen.push(rest.raw)
    expect(rest.events.at(-1)).toEqual({ type: 'end', messageId: start.messageId, sources: [] })
    expect(rest.events.some((e) => e.type === 'start')).toBe(false)
    expect(textOf(rest.events)).toBe('Thanks: you chose “Approve”. You wrote feedback: “Ship it”.')
    // Node outputs (the answer the form got, as the node's outputs) never reach the browser.
    expect(rest.raw).not.toContain('__action_id')

    await upstream.settled()
    const done = await history(visitor, start.conversationId)
    expect(done.messages[0]).toMatchObject({ status: 'normal', form: null })
    expect(done.messages[0]?.answer).toBe(`You said: Please approve${textOf(rest.events)}`)
  })

  it('answers a second visitor’s submit with 404, and Dify never hears of it', async () => {
    const alice = await relay.session()
    const bob = await relay.session()
    const { form } = await pausedAnswer(alice)
    const before = formCalls().length
    const res = await submit(bob, form, { action: 'approve', inputs: { feedback: 'mine now' } })
    expect(res.status).toBe(404)
    expect(await codeOf(res)).toBe('not_found')
    expect(formCalls()).toHaveLength(before)
    // Alice's form is still hers to answer.
    const own = await submit(alice, form, { action: 'reject', inputs: { feedback: '' } })
    expect(own.status).toBe(200)
    seen.push((await readStream(own)).raw)
  })

  it('answers 409 for a form answered already (Dify takes one answer)', async () => {
    const visitor = await relay.session()
    const { form } = await pausedAnswer(visitor)
    const answer = { action: 'approve', inputs: { feedback: 'once' } }
    const first = await submit(visitor, form, answer)
    seen.push((await readStream(first)).raw)
    const again = await submit(visitor, form, answer)
    expect(again.status).toBe(409)
    expect(await codeOf(again)).toBe('form_answered')
  })

  it('refuses an answer with an action the form does not have, before Dify', async () => {
    const visitor = await relay.session()
    const { form } = await pausedAnswer(visitor)
    const before = upstream.received.length
    const res = await submit(visitor, form, { action: 'maybe', inputs: { feedback: '' } })
    expect(res.status).toBe(400)
    expect(upstream.received).toHaveLength(before)
  })

  it('refuses a form too big or of fields it cannot show, with a clear error and no form', async () => {
    const visitor = await relay.session()
    const many = Array.from({ length: FORM_LIMITS.fields + 5 }, (_, i) => ({ name: `f${i}` }))
    const scenarios = [
      { content: `{{#$output.feedback#}}${'x'.repeat(FORM_LIMITS.contentChars + 1)}` },
      { inputs: many },
      { inputs: [{ name: 'plan', type: 'select' }] },
      { actions: Array.from({ length: 30 }, (_, i) => ({ id: `a${i}`, title: `A${i}` })) },
    ]
    for (const humanInput of scenarios) {
      upstream.next({ mode: 'advanced-chat', humanInput })
      const { events, raw } = await readStream(await relay.chat(visitor, { query: 'hi' }))
      seen.push(raw)
      expect(events.some((e) => e.type === 'form')).toBe(false)
      expect(events.at(-1)).toEqual({
        type: 'error',
        code: 'upstream_error',
        message: 'The assistant is waiting for input in a form this chat cannot show.',
        retryable: false,
      })
    }
  })
})

describe('an expiring form over loopback', () => {
  let short: DifyUpstream
  let shortRelay: LoopbackRelay
  beforeAll(async () => {
    short = await startDifyUpstream({ humanInput: { expiresInMs: 500 } })
    shortRelay = await startLoopbackRelay(short)
  })
  afterAll(async () => {
    await shortRelay.close()
    await short.close()
  })

  it('answers 410 once the form’s deadline has passed, without asking Dify', async () => {
    const visitor = await shortRelay.session()
    const { form } = await pausedAnswer(visitor, shortRelay)
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, form.expiresAt - Date.now() + 20)),
    )
    const res = await submit(
      visitor,
      form,
      { action: 'approve', inputs: { feedback: '' } },
      shortRelay,
    )
    expect(res.status).toBe(410)
    expect(await codeOf(res)).toBe('form_expired')
    expect(short.received.filter((r) => r.includes('/form/human_input/'))).toEqual([])
  })
})

describe('stopping over loopback', () => {
  /** A slow answer, followed until its start event is in. */
  async function slowAnswer(token: string) {
    upstream.next({
      mode: 'advanced-chat',
      answer: 'one two three four five six seven eight',
      frameDelayMs: 40,
    })
    const follow = followStream(await relay.chat(token, { query: 'count' }))
    const [start] = await follow.waitFor((events: WidgetEvent[]) => events.length > 0)
    if (start?.type !== 'start') throw new Error('no start')
    return { follow, start }
  }

  it('refuses another visitor’s task token with 404, and Dify’s stop is never called', async () => {
    const alice = await relay.session()
    const bob = await relay.session()
    const { follow, start } = await slowAnswer(alice)
    const before = stopCalls().length
    const res = await relay.api(bob, 'POST', ROUTES.stop(start.taskId))
    expect(res.status).toBe(404)
    expect(await codeOf(res)).toBe('not_found')
    expect(stopCalls()).toHaveLength(before)
    // The answer was not stopped: all of it arrives.
    expect(textOf(await follow.done)).toBe('one two three four five six seven eight')
  })

  it('stops the visitor’s own answer with the token of its start event', async () => {
    const visitor = await relay.session()
    const { follow, start } = await slowAnswer(visitor)
    expect(start.taskId).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/)
    const res = await relay.api(visitor, 'POST', ROUTES.stop(start.taskId))
    expect(res.status).toBe(200)
    expect(stopCalls().at(-1)).toBe(`POST /v1/chat-messages/${start.taskId.split('.')[0]}/stop`)
    const events = await follow.done
    expect(events.at(-1)?.type).toBe('end')
    expect(textOf(events).length).toBeLessThan('one two three four five six seven eight'.length)
  })
})

describe('limits over loopback', () => {
  it('counts answering a form as a message', async () => {
    const limited = await startLoopbackRelay(upstream, { RATE_LIMIT_SESSION: '2/min' })
    try {
      const visitor = await limited.session()
      const { form } = await pausedAnswer(visitor, limited)
      const answered = await submit(
        visitor,
        form,
        { action: 'approve', inputs: { feedback: '' } },
        limited,
      )
      expect(answered.status).toBe(200)
      seen.push((await readStream(answered)).raw)
      const third = await limited.chat(visitor, { query: 'one more' })
      expect(third.status).toBe(429)
      await third.body?.cancel()
    } finally {
      await limited.close()
    }
  })
})
