import type { AppInfo } from '@parley/shared'
import { describe, expect, it } from 'vitest'
import {
  CONV_ID,
  fakeDify,
  json,
  MSG_ID,
  postJson,
  readEvents,
  sseResponse,
  sseText,
  TASK_ID,
  testApp,
} from '../../test/test-kit.ts'
import { appInfoRoutes } from './app-info.ts'
import { chatRoutes } from './chat.ts'

const env = { conversation_id: CONV_ID, message_id: MSG_ID, created_at: 1, task_id: TASK_ID }
/** A chatflow answer with a visible node and an agent tool, each beside data that must stay home. */
const answer = sseText([
  {
    event: 'node_started',
    ...env,
    data: {
      node_type: 'knowledge-retrieval',
      title: 'Search the handbook',
      inputs: { query: 'SECRET-INPUT' },
      process_data: { prompts: 'SECRET-PROMPT' },
    },
  },
  {
    event: 'agent_thought',
    ...env,
    tool: 'calculator',
    tool_input: '{"calculator":{"x":"SECRET-TOOL-INPUT"}}',
    observation: 'SECRET-OBSERVATION',
  },
  { event: 'message', ...env, answer: 'Done.' },
  { event: 'message_end', ...env, id: MSG_ID },
])

function relay(site: Record<string, unknown> | null, showProcess: boolean) {
  const fake = fakeDify({
    'GET /site': () => (site ? json({ title: 'Bot', ...site }) : json({}, 403)),
    'GET /info': () => json({ name: 'Bot' }),
    'POST /chat-messages': () => sseResponse(answer),
  })
  const app = testApp(chatRoutes, { fetch: fake.fetch, app: { showProcess } })
  app.route('/api', appInfoRoutes)
  return app
}

describe('steps in /api/app and in the answer stream', () => {
  it.each([
    ['Dify’s show_workflow_steps', { show_workflow_steps: true }, false, true],
    ['the app’s showProcess', { show_workflow_steps: false }, true, true],
    ['neither', { show_workflow_steps: false }, false, false],
    ['no site', null, false, false],
    ['no site, but showProcess', null, true, true],
  ] as const)('agree: %s', async (_, site, showProcess, steps) => {
    const app = relay(site, showProcess)
    const info = (await (await app.request('/api/app')).json()) as AppInfo
    expect(info.features.steps).toBe(steps)
    const res = await app.request('/api/chat', postJson({ query: 'Hi' }))
    const events = await readEvents(res)
    expect(events.filter((e) => e.type === 'status')).toEqual(
      steps
        ? [
            { type: 'status', label: 'Search the handbook' },
            { type: 'status', label: 'Using calculator' },
          ]
        : [],
    )
    expect(JSON.stringify(events)).not.toContain('SECRET')
  })

  it('never holds an answer for a slow /site: steps show from when it is in', async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
    const node = (title: string) => ({
      event: 'node_started',
      ...env,
      data: { node_type: 'llm', title },
    })
    const encoder = new TextEncoder()
    const frames = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode(sseText([node('Before the site read')])))
        await sleep(150)
        controller.enqueue(encoder.encode(sseText([node('After it')])))
        controller.enqueue(encoder.encode(sseText([{ event: 'message_end', ...env, id: MSG_ID }])))
        controller.close()
      },
    })
    let siteRead = false
    const fake = fakeDify({
      'GET /site': async () => {
        await sleep(50)
        siteRead = true
        return json({ title: 'Bot', show_workflow_steps: true })
      },
      'POST /chat-messages': () => sseResponse(frames),
    })
    const app = testApp(chatRoutes, { fetch: fake.fetch })
    const res = await app.request('/api/chat', postJson({ query: 'Hi' }))
    expect(siteRead).toBe(false)
    const events = await readEvents(res)
    expect(events.filter((e) => e.type === 'status')).toEqual([
      { type: 'status', label: 'After it' },
    ])
  })
})
