import { afterEach, describe, expect, it } from 'vitest'
import type { DifyEmulator } from './emulator.ts'
import { createDifyEmulator } from './emulator.ts'
import { callDify, errorOf, jsonOf, readDifyFrames } from './read-frames.ts'

let emulator: DifyEmulator
afterEach(() => emulator?.dispose())

const run = (path: string, body: Record<string, unknown> = {}) =>
  callDify(emulator, 'POST', path, { inputs: {}, user: 'u1', response_mode: 'streaming', ...body })

describe('POST /completion-messages', () => {
  it('streams message frames with no conversation_id, then message_end', async () => {
    emulator = createDifyEmulator({ mode: 'completion' })
    emulator.next({ answer: 'Cats purr.' })
    const frames = await readDifyFrames(await run('/completion-messages'))
    expect(frames.map((f) => f.event)).toEqual(['message', 'message', 'message_end'])
    expect(Object.keys(frames[0] ?? {}).slice(0, 4)).toEqual([
      'event',
      'message_id',
      'created_at',
      'task_id',
    ])
    for (const frame of frames) expect(frame).not.toHaveProperty('conversation_id')
    expect(frames.at(-1)).toMatchObject({ files: null })
  })

  it('answers blocking, stops only for the task’s user, and refuses other kinds of app', async () => {
    emulator = createDifyEmulator({ mode: 'completion' })
    emulator.next({ answer: 'Done.' })
    const blocking = await jsonOf(await run('/completion-messages', { response_mode: 'blocking' }))
    expect(blocking).toMatchObject({ event: 'message', mode: 'completion', answer: 'Done.' })

    emulator.next({ answer: 'one two three four', frameDelayMs: 30 })
    const res = await run('/completion-messages')
    const [task] = [...emulator.state.tasks.values()].slice(-1)
    const stop = (user: string) =>
      callDify(emulator, 'POST', `/completion-messages/${task?.id}/stop`, { user })
    expect(await jsonOf(await stop('u2'))).toEqual({ result: 'success' })
    expect(task?.stopRequested).toBe(false)
    await stop('u1')
    expect(task?.stopRequested).toBe(true)
    expect((await readDifyFrames(res)).at(-1)?.event).toBe('message_end')

    const chat = createDifyEmulator({ mode: 'chat' })
    expect(
      await errorOf(
        await callDify(chat, 'POST', '/completion-messages', { inputs: {}, user: 'u' }),
      ),
    ).toMatchObject({
      status: 400,
      body: { code: 'app_unavailable' },
    })
    expect(
      await errorOf(
        await callDify(emulator, 'POST', '/chat-messages', { query: 'hi', inputs: {}, user: 'u' }),
      ),
    ).toMatchObject({ status: 400, body: { code: 'not_chat_app' } })
    chat.dispose()
  })
})

describe('POST /workflows/run', () => {
  it('streams ping, workflow_started, nodes, text_chunk and workflow_finished with outputs', async () => {
    emulator = createDifyEmulator({ mode: 'workflow' })
    emulator.next({ answer: 'Hello there', outputs: { result: 'Hello there', score: 3 } })
    const res = await run('/workflows/run')
    const text = await res.clone().text()
    expect(text.startsWith('event: ping\n\n')).toBe(true)
    const frames = (await readDifyFrames(res)).filter((f) => f.event !== 'ping')
    expect(frames.map((f) => f.event)).toEqual([
      'workflow_started',
      'node_started',
      'node_finished',
      'node_started',
      'text_chunk',
      'text_chunk',
      'node_finished',
      'node_started',
      'node_finished',
      'workflow_finished',
    ])
    const runId = frames[0]?.workflow_run_id
    for (const frame of frames) {
      expect(Object.keys(frame).slice(0, 3)).toEqual(['event', 'workflow_run_id', 'task_id'])
      expect(frame.workflow_run_id).toBe(runId)
    }
    expect(frames[4]).toMatchObject({ data: { text: 'Hello ' } })
    expect(frames.at(-1)).toMatchObject({
      data: { status: 'succeeded', outputs: { result: 'Hello there', score: 3 }, error: null },
    })
  })

  it('fails with workflow_finished{failed} and no trailing error', async () => {
    emulator = createDifyEmulator({ mode: 'workflow' })
    emulator.next({ workflowEnd: 'failed', workflowError: 'boom at 10.0.0.5' })
    const frames = await readDifyFrames(await run('/workflows/run'))
    expect(frames.at(-1)).toMatchObject({
      event: 'workflow_finished',
      data: { status: 'failed', error: 'boom at 10.0.0.5', outputs: {} },
    })
  })

  it('stops for anyone naming the task, and answers blocking runs with their data', async () => {
    emulator = createDifyEmulator({ mode: 'workflow' })
    emulator.next({ answer: 'one two three four five', frameDelayMs: 30 })
    const res = await run('/workflows/run')
    const [task] = [...emulator.state.tasks.values()].slice(-1)
    await callDify(emulator, 'POST', `/workflows/tasks/${task?.id}/stop`, { user: 'someone-else' })
    expect((await readDifyFrames(res)).at(-1)).toMatchObject({
      event: 'workflow_finished',
      data: { status: 'stopped', error: 'Stopped by user.' },
    })
    emulator.next({ answer: 'Hi' })
    const blocking = await jsonOf(await run('/workflows/run', { response_mode: 'blocking' }))
    expect(blocking).toMatchObject({ data: { status: 'succeeded', outputs: { result: 'Hi' } } })
    const chat = createDifyEmulator()
    expect(
      await errorOf(await callDify(chat, 'POST', '/workflows/run', { inputs: {}, user: 'u' })),
    ).toMatchObject({
      status: 400,
      body: { code: 'not_workflow_app' },
    })
    chat.dispose()
  })
})
