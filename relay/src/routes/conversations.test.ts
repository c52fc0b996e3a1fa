import { type DifyUpstream, startDifyUpstream } from '@parley/emulator/server'
import type {
  ConversationSummary,
  ConversationsResponse,
  ErrorBody,
  StartEvent,
} from '@parley/shared'
import { ROUTES } from '@parley/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { emulatedRelay, type Session } from '../../test/conversation-kit.ts'
import { followStream, startLoopbackRelay } from '../../test/loopback-relay.ts'

let kit: ReturnType<typeof emulatedRelay>
afterEach(() => kit?.emulator.dispose())

const list = async (session: Session, query = '') => {
  const res = await kit.api(session, 'GET', `${ROUTES.conversations}${query}`)
  return (await res.json()) as ConversationsResponse
}
const names = async (session: Session) => (await list(session)).conversations.map((c) => c.name)
const errorOf = async (res: Response) => ({
  status: res.status,
  ...((await res.json()) as ErrorBody).error,
})
const rename = (session: Session, id: string, body: unknown) =>
  kit.api(session, 'PATCH', ROUTES.conversation(id), body)

describe('GET /api/conversations', () => {
  it('lists the visitor’s conversations newest activity first, paging past 100', async () => {
    kit = emulatedRelay()
    const alice = await kit.visitor()
    const made: string[] = []
    for (let i = 0; i < 105; i++) made.push(await kit.seed(alice.user, `question ${i}`))
    await kit.seed(alice.user, 'back to the first', made[0])
    const newest = [made[0], ...made.slice(1).reverse()]

    const first = await list(alice, '?limit=100')
    expect(first.hasMore).toBe(true)
    expect(first.conversations.map((c) => c.id)).toEqual(newest.slice(0, 100))
    expect(first.conversations[0]).toEqual({
      id: made[0],
      name: 'question 0',
      updatedAt: expect.any(Number),
    })
    const updatedAt = first.conversations[0]?.updatedAt ?? 0
    expect(updatedAt % 1000).toBe(0)
    expect(Math.abs(updatedAt - Date.now())).toBeLessThan(60_000)

    const rest = await list(alice, `?limit=100&lastId=${first.conversations.at(-1)?.id}`)
    expect(rest).toEqual({ conversations: expect.any(Array), hasMore: false })
    expect(rest.conversations.map((c) => c.id)).toEqual(newest.slice(100))
    expect((await list(alice)).conversations).toHaveLength(20)
  })

  it('refuses a bad limit or lastId without calling Dify, and an unknown lastId with a 400', async () => {
    kit = emulatedRelay()
    const alice = await kit.visitor()
    for (const query of ['?limit=0', '?limit=101', '?limit=ten', '?limit=1.5', '?lastId=nope']) {
      const res = await kit.api(alice, 'GET', `${ROUTES.conversations}${query}`)
      expect((await errorOf(res)).code, query).toBe('bad_request')
    }
    expect(kit.upstreamCalls('GET', /^\/v1\/conversations$/)).toBe(0)
    const unknown = await kit.api(alice, 'GET', `/api/conversations?lastId=${crypto.randomUUID()}`)
    expect(await errorOf(unknown)).toEqual({
      status: 400,
      code: 'bad_request',
      message: 'lastId is not one of your conversations; list again from the start.',
    })
  })
})

describe('PATCH /api/conversations/:id', () => {
  it('renames (trimmed) and the list shows the new name, now the newest', async () => {
    kit = emulatedRelay()
    const alice = await kit.visitor()
    const older = await kit.seed(alice.user, 'first')
    await kit.seed(alice.user, 'second')
    const res = await rename(alice, older, { name: '  Shipping question ' })
    expect(res.status).toBe(200)
    const body = (await res.json()) as ConversationSummary
    expect(body).toEqual({ id: older, name: 'Shipping question', updatedAt: expect.any(Number) })
    expect(await names(alice)).toEqual(['Shipping question', 'second'])
  })

  it('lets Dify name a conversation from its first message with autoName', async () => {
    kit = emulatedRelay()
    const alice = await kit.visitor()
    const id = await kit.seed(alice.user, 'where is my parcel from last week')
    const res = await rename(alice, id, { autoName: true })
    expect(await res.json()).toMatchObject({ id, name: 'Where is my parcel from last' })
    expect(kit.emulator.requests.at(-1)?.body).toEqual({ auto_generate: true, user: alice.user })
  })

  it('refuses an empty, long or control-character name with a 400, sending nothing to Dify', async () => {
    kit = emulatedRelay()
    const alice = await kit.visitor()
    const id = await kit.seed(alice.user, 'keep me')
    const bad: [unknown, RegExp][] = [
      [{ name: '' }, /empty/],
      [{ name: '   ' }, /empty/],
      [{ name: 'x'.repeat(1_000) }, /at most 100 characters/],
      [{ name: 'bell\u0007' }, /control characters/],
      [{ name: 'two\nlines' }, /control characters/],
      [{ name: 42 }, /string/],
      [{}, /name/],
      [{ autoName: 'yes' }, /autoName/],
      [{ autoName: true, name: 'both' }, /not both/],
      ['not json', /JSON/],
    ]
    for (const [body, message] of bad) {
      const error = await errorOf(await rename(alice, id, body))
      expect(error, JSON.stringify(body)).toMatchObject({ status: 400, code: 'bad_request' })
      expect(error.message).toMatch(message)
    }
    expect((await rename(alice, id, { name: 'x'.repeat(5_000) })).status).toBe(413)
    expect(kit.upstreamCalls('POST', /\/name$/)).toBe(0)
    expect(await names(alice)).toEqual(['keep me'])
    expect((await rename(alice, id, { name: 'ü'.repeat(100) })).status).toBe(200)
  })
})

describe('DELETE /api/conversations/:id', () => {
  it('deletes with 204 and the conversation is gone from the list and its history', async () => {
    kit = emulatedRelay()
    const alice = await kit.visitor()
    const gone = await kit.seed(alice.user, 'delete me')
    await kit.seed(alice.user, 'keep me')
    const res = await kit.api(alice, 'DELETE', ROUTES.conversation(gone))
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    expect(await names(alice)).toEqual(['keep me'])
    expect((await kit.api(alice, 'GET', ROUTES.messages(gone))).status).toBe(404)
    expect((await kit.api(alice, 'DELETE', ROUTES.conversation(gone))).status).toBe(404)
  })

  it('ends an answer still streaming when its conversation is deleted, and the relay goes on', async () => {
    kit = emulatedRelay()
    const alice = await kit.visitor()
    kit.emulator.next({ answer: 'one two three four five six', frameDelayMs: 10 })
    const chat = await kit.api(alice, 'POST', ROUTES.chat, { query: 'long answer' })
    const stream = followStream(chat)
    const events = await stream.waitFor((e) => e.some((x) => x.type === 'delta'))
    const start = events.find((e): e is StartEvent => e.type === 'start')
    const res = await kit.api(alice, 'DELETE', ROUTES.conversation(String(start?.conversationId)))
    expect(res.status).toBe(204)
    const all = await stream.done
    expect(all.at(-1)?.type).toBe('end')
    expect(all.filter((e) => e.type === 'error')).toEqual([])
    expect(kit.lines.filter((l) => l.level === 'error')).toEqual([])
    expect(await list(alice)).toEqual({ conversations: [], hasMore: false })
  })
})

describe('scoping to the session’s user', () => {
  it('hides a conversation from another visitor: list, rename, delete and history are 404', async () => {
    kit = emulatedRelay()
    const alice = await kit.visitor()
    const bob = await kit.visitor()
    const id = await kit.seed(alice.user, 'alice’s secret')
    expect(await list(bob)).toEqual({ conversations: [], hasMore: false })
    const attempts = [
      rename(bob, id, { name: 'mine now' }),
      rename(bob, id, { autoName: true }),
      kit.api(bob, 'DELETE', ROUTES.conversation(id)),
      kit.api(bob, 'GET', ROUTES.messages(id)),
    ]
    for (const res of await Promise.all(attempts)) {
      expect(await errorOf(res)).toMatchObject({ status: 404, code: 'not_found' })
    }
    expect(await names(alice)).toEqual(['alice’s secret'])
    expect(kit.emulator.messages(id)).toHaveLength(1)
    const bobLast = await kit.api(bob, 'GET', `${ROUTES.conversations}?lastId=${id}`)
    expect((await errorOf(bobLast)).status).toBe(400)
  })

  it('keeps a signed-in user’s conversations to that user, on every device', async () => {
    kit = emulatedRelay()
    const phone = await kit.signedIn('cust-1042')
    const laptop = await kit.signedIn('cust-1042')
    const anonymous = await kit.visitor()
    expect(phone.user).toBe('u_cust-1042')
    const id = await kit.seed(phone.user, 'my order')
    expect(await names(laptop)).toEqual(['my order'])
    expect(await list(anonymous)).toEqual({ conversations: [], hasMore: false })
    expect((await rename(anonymous, id, { name: 'x' })).status).toBe(404)
    expect((await kit.api(anonymous, 'DELETE', ROUTES.conversation(id))).status).toBe(404)
    expect((await kit.api(anonymous, 'GET', ROUTES.messages(id))).status).toBe(404)
    const goOn = await kit.api(anonymous, 'POST', ROUTES.chat, { query: 'hi', conversationId: id })
    expect(await errorOf(goOn)).toMatchObject({ status: 404, code: 'not_found' })
    expect(await names(phone)).toEqual(['my order'])
    expect(kit.emulator.messages(id), 'nothing was added to it').toHaveLength(1)
  })

  it('answers 404 for a malformed id without calling Dify', async () => {
    kit = emulatedRelay()
    const alice = await kit.visitor()
    expect((await rename(alice, 'not-a-uuid', { name: 'x' })).status).toBe(404)
    expect((await kit.api(alice, 'DELETE', '/api/conversations/..%2F..')).status).toBe(404)
    expect(kit.emulator.requests).toHaveLength(0)
  })
})

describe('conversations over loopback HTTP', () => {
  let upstream: DifyUpstream | undefined
  let relay: Awaited<ReturnType<typeof startLoopbackRelay>> | undefined
  afterEach(async () => {
    await relay?.close()
    await upstream?.close()
  })

  it('lists, renames and deletes mid-stream against the test upstream', async () => {
    upstream = await startDifyUpstream()
    relay = await startLoopbackRelay(upstream)
    const token = await relay.session()
    upstream.next({ answer: 'a b c d e f g h i j', frameDelayMs: 10 })
    const stream = followStream(await relay.chat(token, { query: 'hello there' }))
    const events = await stream.waitFor((e) => e.some((x) => x.type === 'delta'))
    const id = String(events.find((e): e is StartEvent => e.type === 'start')?.conversationId)

    const listed = await relay.api(token, 'GET', `${ROUTES.conversations}?limit=5`)
    expect(await listed.json()).toEqual({
      conversations: [{ id, name: 'hello there', updatedAt: expect.any(Number) }],
      hasMore: false,
    })
    const renamed = await relay.api(token, 'PATCH', ROUTES.conversation(id), { name: 'Greeting' })
    expect(await renamed.json()).toMatchObject({ id, name: 'Greeting' })
    const deleted = await relay.api(token, 'DELETE', ROUTES.conversation(id))
    expect(deleted.status).toBe(204)

    expect((await stream.done).at(-1)?.type).toBe('end')
    await upstream.settled()
    const after = await relay.api(token, 'GET', ROUTES.conversations)
    expect(await after.json()).toEqual({ conversations: [], hasMore: false })
  })
})
