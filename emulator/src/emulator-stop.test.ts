import { afterEach, describe, expect, it } from 'vitest'
import type { DifyEmulator } from './emulator.ts'
import { createDifyEmulator } from './emulator.ts'
import { answerOf, callDify, jsonOf, postChat, readDifyFrames } from './read-frames.ts'

let emulator: DifyEmulator
afterEach(() => emulator?.dispose())

const chat = (body: Record<string, unknown>) => postChat(emulator, body)

describe('stop and disconnects', () => {
  it('stops a running stream: message_end follows and the partial answer is saved', async () => {
    emulator = createDifyEmulator()
    emulator.next({ answer: 'one two three four five six', frameDelayMs: 15 })
    const response = await chat({ query: 'count' })
    const reader = response.body?.getReader()
    const first = new TextDecoder().decode((await reader?.read())?.value)
    const taskId = JSON.parse(first.slice(6)).task_id
    const stop = await callDify(emulator, 'POST', `/chat-messages/${taskId}/stop`, { user: 'u1' })
    expect(await jsonOf(stop)).toEqual({ result: 'success' })
    let rest = ''
    for (let r = await reader?.read(); r && !r.done; r = await reader?.read())
      rest += new TextDecoder().decode(r.value)
    const frames = [
      JSON.parse(first.slice(6)),
      ...rest
        .split('\n\n')
        .filter(Boolean)
        .map((f) => JSON.parse(f.slice(6))),
    ]
    expect(frames.at(-1).event).toBe('message_end')
    const saved = emulator.state.messages.get(frames[0].message_id)
    expect(saved?.answer).toBe(answerOf(frames))
    expect(saved?.answer.length).toBeLessThan('one two three four five six'.length)
  })

  it('answers stop with success for unknown tasks and ignores another user’s stop', async () => {
    emulator = createDifyEmulator()
    const unknown = await callDify(emulator, 'POST', '/chat-messages/nope/stop', { user: 'u1' })
    expect(await jsonOf(unknown)).toEqual({ result: 'success' })
    emulator.next({ answer: 'a b c', frameDelayMs: 5 })
    const response = await chat({ query: 'hi' })
    const taskId = [...emulator.state.tasks.keys()][0]
    await callDify(emulator, 'POST', `/chat-messages/${taskId}/stop`, { user: 'intruder' })
    expect(answerOf(await readDifyFrames(response))).toBe('a b c')
  })

  it('keeps generating after the reader goes away and saves the full answer', async () => {
    emulator = createDifyEmulator()
    emulator.next({ answer: 'a b c d e', frameDelayMs: 5 })
    const response = await chat({ query: 'hi' })
    const reader = response.body?.getReader()
    await reader?.read()
    await reader?.cancel()
    await emulator.settled()
    const [message] = [...emulator.state.messages.values()]
    expect(message).toMatchObject({ answer: 'a b c d e', done: true, status: 'normal' })
  })
})
