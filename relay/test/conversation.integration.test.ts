import type { DifyUpstream, Json } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import type { StartEvent } from '@parley/shared'
import { ROUTES } from '@parley/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoopbackRelay } from './loopback-relay.ts'
import { followStream, readStream, startLoopbackRelay, textOf } from './loopback-relay.ts'

let upstream: DifyUpstream
let relay: LoopbackRelay
beforeAll(async () => {
  upstream = await startDifyUpstream()
  relay = await startLoopbackRelay(upstream)
})
afterAll(async () => {
  await relay.close()
  await upstream.close()
})

const history = async (token: string, conversationId: string) =>
  relay.api(token, 'GET', ROUTES.messages(conversationId))

describe('conversations over loopback', () => {
  it('keeps the answer when the visitor disconnects mid-stream: Dify completes it and history has it', async () => {
    const token = await relay.session()
    const answer = 'one two three four five six seven eight'
    upstream.next({ answer, frameDelayMs: 5 })
    const abort = new AbortController()
    const response = await relay.chat(token, { query: 'long answer' }, abort.signal)
    const events = await followStream(response).waitFor((e) => e.some((x) => x.type === 'delta'))
    const start = events.find((e): e is StartEvent => e.type === 'start')
    abort.abort()
    await upstream.settled()
    // The relay kept reading Dify's stream to the end instead of dropping the connection.
    expect(upstream.disconnects).toBe(0)
    const [saved] = upstream.messages(String(start?.conversationId))
    expect(saved).toMatchObject({ answer, done: true, status: 'normal' })
    const page: Json = await (await history(token, String(start?.conversationId))).json()
    expect(page.messages).toEqual([
      expect.objectContaining({ id: start?.messageId, query: 'long answer', answer }),
    ])
  })

  it('stops generation through the relay: the stream ends with end and the partial answer is kept', async () => {
    const token = await relay.session()
    const answer = 'a b c d e f g h i j k l m n o p'
    upstream.next({ answer, frameDelayMs: 10 })
    const response = await relay.chat(token, { query: 'stop me' })
    const stream = followStream(response)
    await stream.waitFor((e) => e.some((x) => x.type === 'delta'))
    const start = stream.events.find((e): e is StartEvent => e.type === 'start')
    const stop = await relay.api(token, 'POST', ROUTES.stop(String(start?.taskId)))
    expect(stop.status).toBe(200)
    expect(await stop.json()).toEqual({ ok: true })
    const all = await stream.done
    expect(all.at(-1)?.type).toBe('end')
    const shown = textOf(all)
    expect(shown.length).toBeLessThan(answer.length)
    await upstream.settled()
    const stopCall: Json = upstream.requests.find((r) => r.path.endsWith('/stop'))
    const chatCall: Json = upstream.requests.filter((r) => r.path === '/v1/chat-messages').at(-1)
    expect(stopCall.body.user).toBe(chatCall.body.user)
    expect(upstream.messages(String(start?.conversationId))[0]?.answer).toBe(shown)
  })

  it('continues a visitor’s own conversation and refuses another visitor’s with not_found', async () => {
    const alice = await relay.session()
    const bob = await relay.session()
    upstream.next({ answer: 'first' }, { answer: 'second' })
    const first = await readStream(await relay.chat(alice, { query: 'one' }))
    const start = first.events[0] as StartEvent
    const second = await readStream(
      await relay.chat(alice, { query: 'two', conversationId: start.conversationId }),
    )
    expect(second.events[0]).toMatchObject({ type: 'start', conversationId: start.conversationId })
    const aliceHistory: Json = await (await history(alice, start.conversationId)).json()
    expect(aliceHistory.messages.map((m: Json) => m.answer)).toEqual(['first', 'second'])

    const intrude = await relay.chat(bob, {
      query: 'let me in',
      conversationId: start.conversationId,
    })
    expect(intrude.status).toBe(404)
    expect(((await intrude.json()) as Json).error.code).toBe('not_found')
    const peek = await history(bob, start.conversationId)
    expect(peek.status).toBe(404)
    expect(((await peek.json()) as Json).error.code).toBe('not_found')
  })

  it('pages history newest first through before=', async () => {
    const token = await relay.session()
    upstream.next({ answer: 'r1' }, { answer: 'r2' }, { answer: 'r3' })
    const first = await readStream(await relay.chat(token, { query: 'q1' }))
    const conversationId = (first.events[0] as StartEvent).conversationId
    await readStream(await relay.chat(token, { query: 'q2', conversationId }))
    await readStream(await relay.chat(token, { query: 'q3', conversationId }))
    const newest: Json = await (
      await relay.api(token, 'GET', `${ROUTES.messages(conversationId)}?limit=2`)
    ).json()
    expect(newest).toMatchObject({ hasMore: true, messages: [{ query: 'q2' }, { query: 'q3' }] })
    const older: Json = await (
      await relay.api(
        token,
        'GET',
        `${ROUTES.messages(conversationId)}?limit=2&before=${newest.messages[0].id}`,
      )
    ).json()
    expect(older).toMatchObject({ hasMore: false, messages: [{ query: 'q1', answer: 'r1' }] })
  })
})
