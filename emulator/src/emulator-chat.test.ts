import { afterEach, describe, expect, it } from 'vitest'
import type { DifyEmulator } from './emulator.ts'
import { createDifyEmulator } from './emulator.ts'
import { answerOf, errorOf, type Json, postChat, readDifyFrames } from './read-frames.ts'

let emulator: DifyEmulator
afterEach(() => emulator?.dispose())

const chat = (body: Record<string, unknown>) => postChat(emulator, body)

describe('POST /chat-messages: the stream', () => {
  it('opens a new conversation whose ids are on every frame, with Dify’s envelope and string prices', async () => {
    emulator = createDifyEmulator()
    const response = await chat({ query: 'hi 😀' })
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const frames = await readDifyFrames(response)
    const first = frames[0]
    expect(Object.keys(first ?? {}).slice(0, 5)).toEqual([
      'event',
      'conversation_id',
      'message_id',
      'created_at',
      'task_id',
    ])
    for (const frame of frames) {
      expect(frame).toMatchObject({
        conversation_id: first?.conversation_id,
        message_id: first?.message_id,
        task_id: first?.task_id,
      })
    }
    expect(frames.map((f) => f.event)).toEqual([
      'message',
      'message',
      'message',
      'message',
      'message_end',
    ])
    expect(answerOf(frames)).toBe('You said: hi 😀')
    const end = frames.at(-1) as Json
    expect(end.metadata.usage.total_price).toEqual(expect.any(String))
    expect(end.metadata.usage.total_tokens).toEqual(expect.any(Number))
  })

  it('continues a conversation for its user and hides it from everyone else', async () => {
    emulator = createDifyEmulator()
    const [first] = await readDifyFrames(await chat({ query: 'one' }))
    const conversationId = first?.conversation_id
    const again = await readDifyFrames(
      await chat({ query: 'two', conversation_id: conversationId }),
    )
    expect(again[0]?.conversation_id).toBe(conversationId)
    expect(emulator.messages(String(conversationId)).map((m) => m.answer)).toEqual([
      'You said: one',
      'You said: two',
    ])
    const foreign = await chat({ query: 'three', conversation_id: conversationId, user: 'u2' })
    expect(await errorOf(foreign)).toEqual({
      status: 404,
      body: { code: 'not_found', message: 'Conversation Not Exists.', status: 404 },
    })
  })

  it('sends agent_message and agent_thought frames with the tool and its input in agent apps', async () => {
    emulator = createDifyEmulator({ mode: 'agent-chat' })
    emulator.next({
      answer: 'It is sunny.',
      thoughts: [{ tool: 'weather', toolInput: { city: 'Paris' }, observation: 'sunny' }],
    })
    const frames = await readDifyFrames(await chat({ query: 'weather?' }))
    expect(frames.map((f) => f.event)).toEqual([
      'agent_thought',
      'agent_thought',
      'agent_message',
      'agent_message',
      'agent_message',
      'message_end',
    ])
    expect(frames[0]).toMatchObject({
      position: 1,
      tool: 'weather',
      tool_input: '{"city":"Paris"}',
      observation: '',
    })
    expect(frames[1]).toMatchObject({ id: frames[0]?.id, observation: 'sunny' })
  })

  it('ends with an error frame that has no task_id and saves the message as failed', async () => {
    emulator = createDifyEmulator()
    emulator.next({
      answer: 'a b c',
      error: { afterChunks: 2, code: 'completion_request_error', message: 'boom' },
    })
    const frames = await readDifyFrames(await chat({ query: 'hi' }))
    const error = frames.at(-1)
    expect(frames.map((f) => f.event)).toEqual(['message', 'message', 'error'])
    expect(error).toEqual({
      event: 'error',
      conversation_id: frames[0]?.conversation_id,
      message_id: frames[0]?.message_id,
      created_at: frames[0]?.created_at,
      code: 'completion_request_error',
      message: 'boom',
      status: 400,
    })
    expect(emulator.state.messages.get(String(error?.message_id))).toMatchObject({
      status: 'error',
      error: 'boom',
      answer: '',
    })
  })

  it('replaces the answer with message_replace and saves the replacement', async () => {
    emulator = createDifyEmulator()
    emulator.next({ answer: 'bad words', replace: { answer: 'Sorry, I cannot say that.' } })
    const frames = await readDifyFrames(await chat({ query: 'hi' }))
    expect(frames.at(-2)).toMatchObject({
      event: 'message_replace',
      answer: 'Sorry, I cannot say that.',
    })
    expect(answerOf(frames)).toBe('Sorry, I cannot say that.')
    expect(emulator.state.messages.get(String(frames[0]?.message_id))?.answer).toBe(
      'Sorry, I cannot say that.',
    )
  })

  it('sends a relative message_file url, then labels text chunks message_file (#36990)', async () => {
    emulator = createDifyEmulator()
    emulator.next({ answer: 'Here it is', files: [{ afterChunks: 1 }] })
    const frames = await readDifyFrames(await chat({ query: 'draw' }))
    expect(frames.map((f) => f.event)).toEqual([
      'message',
      'message_file',
      'message_file',
      'message_file',
      'message_end',
    ])
    expect(frames[1]).toMatchObject({
      type: 'image',
      belongs_to: 'assistant',
      url: expect.stringMatching(/^\/files\/tools\//),
    })
    expect(frames[2]).toMatchObject({ answer: 'it ', from_variable_selector: null })
    expect(frames[2]).not.toHaveProperty('url')
    expect(answerOf(frames)).toBe('Here it is')
  })

  it('puts event: ping frames before and among the data frames', async () => {
    emulator = createDifyEmulator()
    emulator.next({ answer: 'a b c d', pings: { before: 2, every: 2 } })
    const response = await chat({ query: 'hi' })
    const text = await response.text()
    expect(text.startsWith('event: ping\n\nevent: ping\n\ndata: {')).toBe(true)
    expect(text.match(/event: ping\n\n/g)).toHaveLength(4)
  })
})
