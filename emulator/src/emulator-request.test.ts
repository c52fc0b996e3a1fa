import { afterEach, describe, expect, it } from 'vitest'
import type { DifyEmulator } from './emulator.ts'
import { createDifyEmulator } from './emulator.ts'
import { callDify, errorOf, jsonOf, postChat, readDifyFrames } from './read-frames.ts'

let emulator: DifyEmulator
afterEach(() => emulator?.dispose())

const chat = (body: Record<string, unknown>) => postChat(emulator, body)

describe('POST /chat-messages: request checks', () => {
  it('answers 401 with Dify’s error body and a Bearer challenge without a valid key', async () => {
    emulator = createDifyEmulator()
    const missing = await emulator.fetch('http://dify.test/v1/parameters')
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="api"')
    expect(await errorOf(missing)).toEqual({
      status: 401,
      body: {
        code: 'unauthorized',
        message: "Authorization header must be provided and start with 'Bearer'",
        status: 401,
      },
    })
    const wrong = await callDify(emulator, 'GET', '/parameters', undefined, 'app-other')
    expect((await errorOf(wrong)).body.message).toBe('Access token is invalid')
    const basic = await emulator.fetch('http://dify.test/v1/parameters', {
      headers: { authorization: 'Basic abc' },
    })
    expect((await errorOf(basic)).body.message).toBe("Authorization scheme must be 'Bearer'")
    const lower = await emulator.fetch('http://dify.test/v1/parameters', {
      headers: { authorization: 'bearer app-test-key' },
    })
    expect(lower.status).toBe(200)
  })

  it('requires user, inputs, a non-empty query and a UUID conversation_id', async () => {
    emulator = createDifyEmulator()
    expect(await errorOf(await chat({ user: undefined }))).toEqual({
      status: 400,
      body: { code: 'invalid_param', message: 'Arg user must be provided.', status: 400 },
    })
    const noInputs = await errorOf(await chat({ query: 'hi', inputs: undefined }))
    expect(noInputs.body.code).toBe('invalid_param')
    expect(noInputs.body.message).toMatch(/inputs\n {2}Field required/)
    expect((await errorOf(await chat({ query: '' }))).body.message).toBe('query is required')
    const badId = await errorOf(await chat({ query: 'hi', conversation_id: 'abc' }))
    expect(badId.status).toBe(400)
    expect(badId.body.message).toContain('conversation_id must be a valid UUID')
  })

  it('refuses blocking mode for agent apps, and treats an omitted response_mode as blocking', async () => {
    emulator = createDifyEmulator({ mode: 'agent-chat' })
    const agent = await errorOf(await chat({ query: 'hi', response_mode: undefined }))
    expect(agent.body).toEqual({
      code: 'invalid_param',
      message: 'Agent Chat App does not support blocking mode',
      status: 400,
    })
    emulator.dispose()
    emulator = createDifyEmulator()
    const blocking = await chat({ query: 'hi', response_mode: undefined })
    expect(blocking.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await jsonOf(blocking)).toMatchObject({
      event: 'message',
      mode: 'chat',
      answer: 'You said: hi',
    })
  })

  it('re-validates declared inputs on every turn and drops undeclared ones', async () => {
    emulator = createDifyEmulator({
      app: {
        userInputForm: [
          { 'text-input': { variable: 'name', label: 'Name', required: true, max_length: 5 } },
        ],
      },
    })
    expect((await errorOf(await chat({ query: 'hi' }))).body.message).toBe(
      'name is required in input form',
    )
    const long = await errorOf(await chat({ query: 'hi', inputs: { name: 'toolong' } }))
    expect(long.body.message).toBe('name in input form must be less than 5 characters')
    const frames = await readDifyFrames(
      await chat({ query: 'hi', inputs: { name: 'Ann', extra: 1 } }),
    )
    const message = emulator.state.messages.get(String(frames[0]?.message_id))
    expect(message?.inputs).toEqual({ name: 'Ann' })
  })
})
