import { afterEach, describe, expect, it } from 'vitest'
import type { DifyEmulator } from './emulator.ts'
import { createDifyEmulator } from './emulator.ts'
import type { Json } from './read-frames.ts'
import { callDify, errorOf, jsonOf, readDifyFrames } from './read-frames.ts'

let emulator: DifyEmulator
afterEach(() => emulator?.dispose())

/** Sends `query` as `user` (continuing `conversationId` when given); resolves to the conversation id. */
async function say(query: string, user = 'u1', conversationId = ''): Promise<string> {
  const body = {
    query,
    inputs: {},
    user,
    response_mode: 'blocking',
    conversation_id: conversationId,
  }
  const answer = await jsonOf(await callDify(emulator, 'POST', '/chat-messages', body))
  return String(answer.conversation_id)
}

const call = async (method: string, path: string, body?: unknown) => {
  const response = await callDify(emulator, method, path, body)
  const text = await response.text()
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as Json) }
}

const ids = (page: Json): string[] => page.data.map((c: { id: string }) => c.id)

describe('GET /conversations', () => {
  it('lists only the user’s conversations, newest activity first, in Dify’s shape', async () => {
    emulator = createDifyEmulator({ app: { openingStatement: 'Hello!' } })
    const first = await say('first question')
    const second = await say('second')
    await say('not yours', 'u2')
    await say('again', 'u1', first)
    const { status, body } = await call('GET', '/conversations?user=u1')
    expect(status).toBe(200)
    expect(body).toEqual({
      limit: 20,
      has_more: false,
      data: [
        {
          id: first,
          name: 'first question',
          inputs: {},
          status: 'normal',
          introduction: 'Hello!',
          created_at: expect.any(Number),
          updated_at: expect.any(Number),
        },
        expect.objectContaining({ id: second, name: 'second' }),
      ],
    })
    const oldest = await call('GET', '/conversations?user=u1&sort_by=created_at')
    expect(ids(oldest.body)).toEqual([first, second])
  })

  it('pages after last_id on the sort field, with has_more', async () => {
    emulator = createDifyEmulator()
    const made: string[] = []
    for (let i = 0; i < 5; i++) made.push(await say(`q${i}`))
    const newest = [...made].reverse()
    const one = await call('GET', '/conversations?user=u1&limit=2')
    expect(one.body).toMatchObject({ limit: 2, has_more: true })
    expect(ids(one.body)).toEqual(newest.slice(0, 2))
    const two = await call('GET', `/conversations?user=u1&limit=2&last_id=${newest[1]}`)
    expect(ids(two.body)).toEqual(newest.slice(2, 4))
    const three = await call('GET', `/conversations?user=u1&limit=2&last_id=${newest[3]}`)
    expect(three.body).toMatchObject({ has_more: false })
    expect(ids(three.body)).toEqual(newest.slice(4))
    const exact = await call('GET', '/conversations?user=u1&limit=5')
    expect(exact.body.has_more).toBe(false)
  })

  it('refuses an unknown or foreign last_id, and bad limit or sort_by, as Dify does', async () => {
    emulator = createDifyEmulator()
    const mine = await say('q')
    const theirs = await say('q', 'u2')
    const missing = { code: 'not_found', message: 'Last Conversation Not Exists.', status: 404 }
    expect(await call('GET', `/conversations?user=u1&last_id=${crypto.randomUUID()}`)).toEqual({
      status: 404,
      body: missing,
    })
    expect((await call('GET', `/conversations?user=u1&last_id=${theirs}`)).body).toEqual(missing)
    expect((await call('GET', `/conversations?user=u1&last_id=${mine}`)).body.data).toEqual([])
    for (const query of ['limit=0', 'limit=101', 'limit=x', 'sort_by=name', 'last_id=nope']) {
      const { status, body } = await call('GET', `/conversations?user=u1&${query}`)
      expect({ status, code: body.code }, query).toEqual({ status: 400, code: 'invalid_param' })
    }
  })
})

describe('DELETE /conversations/:id', () => {
  it('deletes the user’s own conversation with an empty 204, and its messages with it', async () => {
    emulator = createDifyEmulator()
    const id = await say('q')
    const [message] = emulator.messages(id)
    const response = await callDify(emulator, 'DELETE', `/conversations/${id}`, { user: 'u1' })
    expect(response.status).toBe(204)
    expect(await response.text()).toBe('')
    expect((await call('GET', '/conversations?user=u1')).body.data).toEqual([])
    expect(emulator.state.messages.has(String(message?.id))).toBe(false)
    expect((await call('GET', `/messages?conversation_id=${id}&user=u1`)).status).toBe(404)
  })

  it('answers 404 for another user’s or an unknown conversation, and leaves it alone', async () => {
    emulator = createDifyEmulator()
    const theirs = await say('q', 'u2')
    const notExists = { code: 'not_found', message: 'Conversation Not Exists.', status: 404 }
    expect(await call('DELETE', `/conversations/${theirs}`, { user: 'u1' })).toEqual({
      status: 404,
      body: notExists,
    })
    expect(
      (await call('DELETE', `/conversations/${crypto.randomUUID()}`, { user: 'u1' })).body,
    ).toEqual(notExists)
    expect(ids((await call('GET', '/conversations?user=u2')).body)).toEqual([theirs])
  })

  it('needs a JSON body with the user: 415 without JSON, 400 when empty', async () => {
    emulator = createDifyEmulator()
    const id = await say('q')
    const url = `http://dify.test/v1/conversations/${id}`
    const auth = { authorization: 'Bearer app-test-key' }
    const bare = await emulator.fetch(url, { method: 'DELETE', headers: auth })
    expect((await errorOf(bare)).status).toBe(415)
    const empty = await emulator.fetch(url, {
      method: 'DELETE',
      headers: { ...auth, 'content-type': 'application/json' },
    })
    expect((await errorOf(empty)).body).toEqual({
      code: 'bad_request',
      message: 'Invalid JSON payload received or JSON payload is empty.',
      status: 400,
    })
    expect((await call('DELETE', `/conversations/${id}`, {})).body.message).toBe(
      'Arg user must be provided.',
    )
    expect((await call('DELETE', '/conversations/not-a-uuid', { user: 'u1' })).status).toBe(404)
    expect(emulator.messages(id)).toHaveLength(1)
  })

  it('lets an answer in progress finish when its conversation is deleted', async () => {
    emulator = createDifyEmulator()
    emulator.next({ answer: 'one two three four', frameDelayMs: 5 })
    const body = { query: 'q', inputs: {}, user: 'u1', response_mode: 'streaming' }
    const stream = await callDify(emulator, 'POST', '/chat-messages', body)
    const [id = ''] = emulator.state.conversations.keys()
    expect((await call('DELETE', `/conversations/${id}`, { user: 'u1' })).status).toBe(204)
    const frames = await readDifyFrames(stream)
    expect(frames.at(-1)?.event).toBe('message_end')
    expect(emulator.messages(id)).toEqual([])
  })
})

describe('POST /conversations/:id/name', () => {
  it('renames, returns the conversation and moves it to the top of the list', async () => {
    emulator = createDifyEmulator()
    const older = await say('q1')
    const newer = await say('q2')
    const { status, body } = await call('POST', `/conversations/${older}/name`, {
      name: 'Shipping question',
      user: 'u1',
    })
    expect(status).toBe(200)
    expect(body).toEqual({
      id: older,
      name: 'Shipping question',
      inputs: {},
      status: 'normal',
      introduction: expect.any(String),
      created_at: expect.any(Number),
      updated_at: expect.any(Number),
    })
    expect(ids((await call('GET', '/conversations?user=u1')).body)).toEqual([older, newer])
  })

  it('generates a name from the first message when asked, ignoring name', async () => {
    emulator = createDifyEmulator()
    const id = await say('where is my parcel from last week please tell me')
    await say('and another thing', 'u1', id)
    const { body } = await call('POST', `/conversations/${id}/name`, {
      auto_generate: true,
      name: 'ignored',
      user: 'u1',
    })
    expect(body.name).toBe('Where is my parcel from last')
  })

  it('refuses a blank name, another user’s conversation and a missing user', async () => {
    emulator = createDifyEmulator()
    const id = await say('q')
    for (const name of [undefined, '', '   ']) {
      const { status, body } = await call('POST', `/conversations/${id}/name`, { name, user: 'u1' })
      expect({ status, code: body.code }).toEqual({ status: 400, code: 'invalid_param' })
    }
    expect(await call('POST', `/conversations/${id}/name`, { name: 'x', user: 'u2' })).toEqual({
      status: 404,
      body: { code: 'not_found', message: 'Conversation Not Exists.', status: 404 },
    })
    expect((await call('POST', `/conversations/${id}/name`, { name: 'x' })).status).toBe(400)
    expect((await call('GET', '/conversations?user=u1')).body.data[0].name).toBe('q')
  })
})
