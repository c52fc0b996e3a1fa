/**
 * A workflow app on a second runtime (Bun): the workflow route streams the run, lets through only the
 * outputs WORKFLOW_OUTPUTS lists, words a failed node generically, and stops the run with the
 * visitor's own task token, as on Node (test/generate.integration.test.ts).
 */
import type { DifyUpstream } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import type { EndEvent, StartEvent, WidgetEvent } from '@parley/shared'
import { ROUTES } from '@parley/shared'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { followStream, readStream, textOf } from '../loopback-relay.ts'
import { type RuntimeRelay, removeNodeBundle, startRelayOn } from './start-relay.ts'

vi.setConfig({ testTimeout: 30_000, hookTimeout: 90_000 })

const startOf = (events: WidgetEvent[]) => events.find((e): e is StartEvent => e.type === 'start')
const endOf = (events: WidgetEvent[]) => events.find((e): e is EndEvent => e.type === 'end')

let upstream: DifyUpstream
let relay: RuntimeRelay
beforeAll(async () => {
  upstream = await startDifyUpstream({ mode: 'workflow' })
  relay = await startRelayOn('bun', {
    DIFY_API_URL: upstream.url,
    DIFY_API_KEY: upstream.apiKey,
    WORKFLOW_OUTPUTS: 'summary',
  })
})
afterAll(async () => {
  await relay?.close()
  await upstream?.close()
  await removeNodeBundle()
})

const run = (token: string, path: string, body: unknown = { inputs: {} }) =>
  relay.api(token, 'POST', path, body)

describe('a workflow app on Bun', () => {
  it('streams the run with only the listed outputs, and refuses the chat route', async () => {
    const token = await relay.session()
    upstream.next({
      answer: 'Short and sweet.',
      outputs: { summary: 'Short.', secret: 'UNLISTED' },
    })
    const res = await run(token, ROUTES.workflow)
    const { events, raw } = await readStream(res)
    expect(textOf(events)).toBe('Short and sweet.')
    expect(startOf(events)?.conversationId).toBe('')
    expect(endOf(events)?.outputs).toEqual({ summary: 'Short.' })
    expect(raw).not.toContain('UNLISTED')
    expect((await relay.chat(token, { query: 'hi' })).status).toBe(400)
  })

  it('words a failed node generically: its error text stays on the relay', async () => {
    const token = await relay.session()
    upstream.next({
      workflowEnd: 'failed',
      workflowError: 'db at 10.0.0.7 refused app-NotARealKey-Workflow',
    })
    const { events, raw } = await readStream(await run(token, ROUTES.workflow))
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'upstream_error' })
    expect(raw).not.toContain('10.0.0.7')
    expect(raw).not.toContain('NotARealKey')
  })

  it('stops only with the visitor’s own task token', async () => {
    const token = await relay.session()
    const answer = 'a b c d e f g h i j k l m n o p q r s t'
    upstream.next({ answer, frameDelayMs: 30 })
    const stream = followStream(await run(token, ROUTES.workflow))
    const events = await stream.waitFor((e) => e.some((x) => x.type === 'delta'))
    const taskId = startOf(events)?.taskId ?? ''
    const stranger = await relay.session()
    expect((await run(stranger, ROUTES.workflowStop(taskId), {})).status).toBe(404)
    expect((await run(token, ROUTES.workflowStop(taskId), {})).status).toBe(200)
    const all = await stream.done
    expect(textOf(all).length).toBeLessThan(answer.length)
  })
})
