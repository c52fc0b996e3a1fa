/**
 * A text generator on a second runtime (Bun): the completion route streams Dify's result and stops
 * it with the visitor's own task token, as on Node (test/generate.integration.test.ts).
 */
import type { DifyUpstream } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import type { StartEvent, WidgetEvent } from '@parley/shared'
import { ROUTES } from '@parley/shared'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { followStream, readStream, textOf } from '../loopback-relay.ts'
import { type RuntimeRelay, removeNodeBundle, startRelayOn } from './start-relay.ts'

vi.setConfig({ testTimeout: 30_000, hookTimeout: 90_000 })

const startOf = (events: WidgetEvent[]) => events.find((e): e is StartEvent => e.type === 'start')

let upstream: DifyUpstream
let relay: RuntimeRelay
beforeAll(async () => {
  upstream = await startDifyUpstream({ mode: 'completion' })
  relay = await startRelayOn('bun', { DIFY_API_URL: upstream.url, DIFY_API_KEY: upstream.apiKey })
})
afterAll(async () => {
  await relay?.close()
  await upstream?.close()
  await removeNodeBundle()
})

const generate = (token: string, path: string, body: unknown = { inputs: {} }) =>
  relay.api(token, 'POST', path, body)

describe('a text generator on Bun', () => {
  it('streams a result with no conversation, and refuses the chat route', async () => {
    const token = await relay.session()
    upstream.next({ answer: 'Grüße: a haiku about 🎉.' })
    const { events } = await readStream(await generate(token, ROUTES.completion))
    expect(events.map((e) => e.type).at(-1)).toBe('end')
    expect(startOf(events)?.conversationId).toBe('')
    expect(textOf(events)).toBe('Grüße: a haiku about 🎉.')
    const chat = await relay.chat(token, { query: 'hi' })
    expect(chat.status).toBe(400)
  })

  it('stops only with the visitor’s own task token', async () => {
    const token = await relay.session()
    const answer = 'a b c d e f g h i j k l m n o p q r s t'
    upstream.next({ answer, frameDelayMs: 30 })
    const stream = followStream(await generate(token, ROUTES.completion))
    const events = await stream.waitFor((e) => e.some((x) => x.type === 'delta'))
    const taskId = startOf(events)?.taskId ?? ''
    const stranger = await relay.session()
    expect((await generate(stranger, ROUTES.completionStop(taskId), {})).status).toBe(404)
    expect((await generate(token, ROUTES.completionStop(taskId), {})).status).toBe(200)
    const all = await stream.done
    expect(all.at(-1)?.type).toBe('end')
    expect(textOf(all).length).toBeLessThan(answer.length)
  })
})
