import { afterEach, describe, expect, it } from 'vitest'
import type { DifyEmulator } from './emulator.ts'
import { createDifyEmulator } from './emulator.ts'
import type { DifyFrame } from './read-frames.ts'
import { answerOf, callDify, type Json, readDifyFrames } from './read-frames.ts'

let emulator: DifyEmulator
afterEach(() => emulator?.dispose())

const run = async (body: Record<string, unknown> = {}) =>
  readDifyFrames(
    await callDify(emulator, 'POST', '/chat-messages', {
      query: 'hi',
      inputs: {},
      user: 'u1',
      response_mode: 'streaming',
      ...body,
    }),
  )

const events = (frames: DifyFrame[]) => frames.map((f) => f.event)
const tail = (frames: DifyFrame[], n: number) => events(frames).slice(-n)

describe('chatflow (advanced-chat) streams', () => {
  it('opens with a ping, then workflow and node events around the answer', async () => {
    emulator = createDifyEmulator({ mode: 'advanced-chat' })
    emulator.next({ answer: 'Hello there' })
    const frames = await run()
    expect(events(frames)).toEqual([
      'ping',
      'workflow_started',
      'node_started',
      'node_finished',
      'node_started',
      'message',
      'message',
      'node_finished',
      'node_started',
      'node_finished',
      'message_end',
      'workflow_finished',
    ])
    const llm = frames[4] as Json
    expect(frames[5]).toMatchObject({ from_variable_selector: [llm.data.node_id, 'text'] })
    expect(frames.at(-1)).toMatchObject({
      data: { status: 'succeeded', outputs: { answer: 'Hello there' } },
    })
    expect(frames[1]).toMatchObject({
      workflow_run_id: expect.any(String),
      task_id: expect.any(String),
    })
  })

  it('carries each node’s inputs and outputs in full, as the Service API does', async () => {
    emulator = createDifyEmulator({ mode: 'advanced-chat' })
    emulator.next({
      answer: 'ok',
      nodes: [
        {
          title: 'Lookup',
          type: 'tool',
          inputs: { token: 'SECRET-123' },
          outputs: { rows: 'SECRET-456' },
        },
        { title: 'LLM', type: 'llm', inputs: { prompt: 'SECRET-789' }, outputs: { text: 'ok' } },
      ],
    })
    const frames = await run()
    const finished: Json[] = frames.filter((f) => f.event === 'node_finished')
    expect(finished[0]?.data).toMatchObject({
      title: 'Lookup',
      inputs: { token: 'SECRET-123' },
      outputs: { rows: 'SECRET-456' },
    })
    expect(JSON.stringify(frames)).toContain('SECRET-789')
  })

  it('fails with workflow_finished(failed) and then an error frame', async () => {
    emulator = createDifyEmulator({ mode: 'advanced-chat' })
    emulator.next({ workflowEnd: 'failed', workflowError: 'node exploded' })
    const frames = await run()
    expect(tail(frames, 3)).toEqual(['node_finished', 'workflow_finished', 'error'])
    expect(frames.at(-2)).toMatchObject({ data: { status: 'failed', error: 'node exploded' } })
    expect(frames.at(-1)).toMatchObject({
      code: 'invalid_param',
      status: 400,
      message: 'Run failed: node exploded',
    })
    expect(frames.at(-1)).not.toHaveProperty('task_id')
  })

  it('ends a stopped run with workflow_finished(stopped) and then message_end', async () => {
    emulator = createDifyEmulator({ mode: 'advanced-chat' })
    emulator.next({ workflowEnd: 'stopped' })
    const frames = await run()
    expect(tail(frames, 2)).toEqual(['workflow_finished', 'message_end'])
    expect(frames.at(-2)).toMatchObject({ data: { status: 'stopped', error: 'Stopped by user.' } })
  })

  it('pauses with human_input_required then workflow_paused, and no message_end', async () => {
    emulator = createDifyEmulator({ mode: 'advanced-chat' })
    emulator.next({ workflowEnd: 'paused' })
    const frames = await run()
    expect(tail(frames, 2)).toEqual(['human_input_required', 'workflow_paused'])
    expect(events(frames)).not.toContain('message_end')
  })

  it('can end the stream at workflow_finished (v1.12+) while still saving the answer', async () => {
    emulator = createDifyEmulator({ mode: 'advanced-chat' })
    emulator.next({ answer: 'partial', workflowEnd: 'stopped', truncateAfterWorkflow: true })
    const frames = await run()
    expect(events(frames).at(-1)).toBe('workflow_finished')
    await emulator.settled()
    expect(emulator.state.messages.get(String(frames[1]?.message_id))?.answer).toBe('partial')
  })

  it('honours the stop endpoint with Dify’s chatflow stop order', async () => {
    emulator = createDifyEmulator({ mode: 'advanced-chat' })
    emulator.next({ answer: 'a b c d e f g h', frameDelayMs: 10 })
    const response = await callDify(emulator, 'POST', '/chat-messages', {
      query: 'x',
      inputs: {},
      user: 'u1',
      response_mode: 'streaming',
    })
    const taskId = [...emulator.state.tasks.keys()][0]
    setTimeout(
      () => void callDify(emulator, 'POST', `/chat-messages/${taskId}/stop`, { user: 'u1' }),
      25,
    )
    const frames = await readDifyFrames(response)
    expect(tail(frames, 2)).toEqual(['workflow_finished', 'message_end'])
    expect(answerOf(frames).length).toBeLessThan('a b c d e f g h'.length)
  })
})
