import { afterEach, describe, expect, it } from 'vitest'
import type { DifyEmulator } from './emulator.ts'
import { createDifyEmulator } from './emulator.ts'
import { callDify, jsonOf, readDifyFrames } from './read-frames.ts'

let emulator: DifyEmulator
afterEach(() => emulator?.dispose())

async function converse(
  queries: string[],
  user = 'u1',
): Promise<{ conversationId: string; ids: string[] }> {
  let conversationId = ''
  const ids: string[] = []
  for (const query of queries) {
    const body = {
      query,
      inputs: {},
      user,
      response_mode: 'streaming',
      conversation_id: conversationId,
    }
    const [first] = await readDifyFrames(await callDify(emulator, 'POST', '/chat-messages', body))
    conversationId = String(first?.conversation_id)
    ids.push(String(first?.message_id))
  }
  return { conversationId, ids }
}

const get = async (path: string) => {
  const response = await callDify(emulator, 'GET', path)
  return { status: response.status, body: await jsonOf(response) }
}

describe('GET /messages', () => {
  it('pages back from first_id, oldest first within a page, with has_more', async () => {
    emulator = createDifyEmulator()
    const { conversationId, ids } = await converse(['q1', 'q2', 'q3', 'q4', 'q5'])
    const newest = await get(`/messages?conversation_id=${conversationId}&user=u1&limit=2`)
    expect(newest.body.has_more).toBe(true)
    expect(newest.body.limit).toBe(2)
    expect(newest.body.data.map((m: { query: string }) => m.query)).toEqual(['q4', 'q5'])
    const older = await get(
      `/messages?conversation_id=${conversationId}&user=u1&limit=2&first_id=${ids[3]}`,
    )
    expect(older.body.data.map((m: { query: string }) => m.query)).toEqual(['q2', 'q3'])
    const oldest = await get(
      `/messages?conversation_id=${conversationId}&user=u1&limit=2&first_id=${ids[1]}`,
    )
    expect(oldest.body).toMatchObject({
      has_more: false,
      data: [{ query: 'q1', answer: 'You said: q1' }],
    })
    expect(oldest.body.data[0]).toMatchObject({
      id: ids[0],
      conversation_id: conversationId,
      feedback: null,
      retriever_resources: [],
      agent_thoughts: [],
      message_files: [],
      status: 'normal',
      error: null,
      created_at: expect.any(Number),
    })
  })

  it('checks conversation_id, limit and first_id the way Dify does', async () => {
    emulator = createDifyEmulator()
    const { conversationId } = await converse(['q1'])
    expect((await get('/messages?user=u1')).body.code).toBe('invalid_param')
    expect((await get('/messages?conversation_id=&user=u1')).body).toEqual({
      limit: 20,
      has_more: false,
      data: [],
    })
    expect(
      (await get(`/messages?conversation_id=${conversationId}&user=u1&limit=101`)).status,
    ).toBe(400)
    expect((await get(`/messages?conversation_id=${conversationId}&user=u1&limit=0`)).status).toBe(
      400,
    )
    const unknownFirst = await get(
      `/messages?conversation_id=${conversationId}&user=u1&first_id=${crypto.randomUUID()}`,
    )
    expect(unknownFirst).toEqual({
      status: 404,
      body: { code: 'not_found', message: 'First Message Not Exists.', status: 404 },
    })
    const foreign = await get(`/messages?conversation_id=${conversationId}&user=u2`)
    expect(foreign.body).toEqual({
      code: 'not_found',
      message: 'Conversation Not Exists.',
      status: 404,
    })
  })
})

describe('feedback and suggestions', () => {
  it('sets, changes and withdraws feedback, and refuses withdrawing none', async () => {
    emulator = createDifyEmulator()
    const { ids } = await converse(['q1'])
    const feedback = (body: Record<string, unknown>) =>
      callDify(emulator, 'POST', `/messages/${ids[0]}/feedbacks`, { user: 'u1', ...body }).then(
        async (r) => ({ status: r.status, body: await jsonOf(r) }),
      )
    expect(await feedback({ rating: 'like' })).toEqual({ status: 200, body: { result: 'success' } })
    await feedback({ rating: 'dislike', content: 'meh' })
    expect(emulator.state.messages.get(String(ids[0]))?.feedback).toEqual({
      rating: 'dislike',
      content: 'meh',
    })
    await feedback({ rating: null })
    expect(emulator.state.messages.get(String(ids[0]))?.feedback).toBeNull()
    expect((await feedback({ rating: null })).body).toEqual({
      code: 'invalid_param',
      message: 'rating cannot be None when feedback not exists',
      status: 400,
    })
    expect((await feedback({ rating: 'like', user: 'u2' })).body.message).toBe(
      'Message Not Exists.',
    )
    expect((await feedback({ user: undefined, rating: 'like' })).body.message).toBe(
      'Arg user must be provided.',
    )
  })

  it('suggests follow-ups when enabled and says so when disabled', async () => {
    emulator = createDifyEmulator()
    const { ids } = await converse(['q1'])
    const ok = await get(`/messages/${ids[0]}/suggested?user=u1`)
    expect(ok.body).toEqual({
      result: 'success',
      data: expect.arrayContaining([expect.any(String)]),
    })
    expect((await get(`/messages/${ids[0]}/suggested?user=u2`)).status).toBe(404)
    emulator.dispose()
    emulator = createDifyEmulator({ app: { suggestionsAfterAnswer: false } })
    const { ids: other } = await converse(['q1'])
    expect(await get(`/messages/${other[0]}/suggested?user=u1`)).toEqual({
      status: 400,
      body: { code: 'bad_request', message: 'Suggested Questions Is Disabled.', status: 400 },
    })
  })
})

describe('app endpoints', () => {
  it('describes the app in /parameters (old user_input_form structure), /site and /info', async () => {
    emulator = createDifyEmulator({
      app: {
        userInputForm: [
          {
            select: { variable: 'lang', label: 'Language', required: false, options: ['en', 'de'] },
          },
        ],
      },
    })
    const parameters = (await get('/parameters')).body
    expect(parameters).toMatchObject({
      opening_statement: expect.any(String),
      suggested_questions: expect.any(Array),
      suggested_questions_after_answer: { enabled: true },
      retriever_resource: { enabled: false },
      user_input_form: [{ select: { variable: 'lang', options: ['en', 'de'] } }],
      file_upload: { enabled: false },
      system_parameters: { file_size_limit: 15, image_file_size_limit: 10 },
    })
    expect((await get('/site')).body).toMatchObject({ title: 'Test App', icon_type: 'emoji' })
    expect((await get('/info')).body).toMatchObject({ name: 'Test App', mode: 'chat', tags: [] })
    const welcome = await emulator.fetch('http://dify.test/v1/')
    expect(await jsonOf(welcome)).toMatchObject({ welcome: 'Dify OpenAPI', api_version: 'v1' })
  })

  it('accepts a multipart upload with 201 and Dify’s FileResponse, and rejects a request without a file', async () => {
    emulator = createDifyEmulator()
    const form = new FormData()
    form.append('user', 'u1')
    form.append('file', new Blob(['hello'], { type: 'text/plain' }), 'notes.txt')
    const auth = { authorization: 'Bearer app-test-key' }
    const upload = await emulator.fetch('http://dify.test/v1/files/upload', {
      method: 'POST',
      headers: auth,
      body: form,
    })
    expect(upload.status).toBe(201)
    expect(await jsonOf(upload)).toMatchObject({
      id: expect.any(String),
      name: 'notes.txt',
      size: 5,
      extension: 'txt',
      mime_type: 'text/plain',
      created_by: 'u1',
    })
    const empty = new FormData()
    empty.append('user', 'u1')
    const none = await emulator.fetch('http://dify.test/v1/files/upload', {
      method: 'POST',
      headers: auth,
      body: empty,
    })
    expect(await jsonOf(none)).toEqual({
      code: 'no_file_uploaded',
      message: 'Please upload your file.',
      status: 400,
    })
  })

  it('answers an unknown route or a non-UUID message id with a 404 not_found', async () => {
    emulator = createDifyEmulator()
    expect((await get('/nope')).body.code).toBe('not_found')
    expect((await get('/messages/not-a-uuid/suggested?user=u1')).status).toBe(404)
  })
})
