/**
 * Steps (`status` events) and the site's look over loopback: the relay against the Dify test
 * upstream, its `/site` saying `show_workflow_steps` on or off.
 */
import type { DifyUpstream, Scenario } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import type { AppInfo } from '@parley/shared'
import { ROUTES } from '@parley/shared'
import { afterAll, describe, expect, it } from 'vitest'
import type { LoopbackRelay } from './loopback-relay.ts'
import { readStream, startLoopbackRelay, textOf } from './loopback-relay.ts'

const opened: { upstream: DifyUpstream; relay: LoopbackRelay }[] = []
afterAll(async () => {
  for (const { upstream, relay } of opened) {
    await relay.close()
    await upstream.close()
  }
})

async function start(showWorkflowSteps: boolean, env: Record<string, string> = {}) {
  const upstream = await startDifyUpstream({
    app: {
      site: {
        showWorkflowSteps,
        chatColorTheme: '#0f766e',
        customDisclaimer: 'Answers may be wrong.\u0007',
        privacyPolicy: 'https://acme.example/privacy',
      },
    },
  })
  const relay = await startLoopbackRelay(upstream, env)
  opened.push({ upstream, relay })
  return { upstream, relay, token: await relay.session() }
}

/** A chatflow with an agent-like tool step, and everything Dify puts beside the labels marked SECRET. */
const CHATFLOW: Scenario = {
  mode: 'advanced-chat',
  answer: 'Here you go.',
  nodes: [
    { title: 'Start', type: 'start', inputs: { q: 'SECRET-START' }, outputs: { q: 'SECRET-Q' } },
    {
      title: 'Search docs',
      type: 'knowledge-retrieval',
      inputs: { query: 'SECRET-KR-INPUT' },
      outputs: { result: 'SECRET-KR-OUTPUT' },
    },
    {
      title: 'Write answer',
      type: 'llm',
      inputs: { prompt: 'SECRET-LLM-INPUT' },
      outputs: { text: 'SECRET-LLM-OUTPUT' },
      processData: { prompts: [{ role: 'system', text: 'SECRET-SYSTEM-PROMPT' }] },
    },
  ],
}
const AGENT: Scenario = {
  mode: 'agent-chat',
  answer: 'It is sunny.',
  thoughts: [
    {
      tool: 'weather',
      toolInput: { city: 'SECRET-TOOL-INPUT' },
      observation: 'SECRET-OBSERVATION',
      thought: 'SECRET-THOUGHT',
    },
  ],
}

const statuses = (events: { type: string }[]) => events.filter((e) => e.type === 'status')

describe('steps over loopback', () => {
  it('shows node titles and tool names when the site’s show_workflow_steps is on, and nothing beside them', async () => {
    const { upstream, relay, token } = await start(true)
    const info = (await (await relay.api(token, 'GET', ROUTES.app)).json()) as AppInfo
    expect(info.features.steps).toBe(true)

    upstream.next(CHATFLOW, AGENT)
    const flow = await readStream(await relay.chat(token, { query: 'docs?' }))
    expect(statuses(flow.events)).toEqual([
      { type: 'status', label: 'Search docs' },
      { type: 'status', label: 'Write answer' },
    ])
    expect(textOf(flow.events)).toBe('Here you go.')
    const agent = await readStream(await relay.chat(token, { query: 'weather?' }))
    expect(statuses(agent.events)).toEqual([{ type: 'status', label: 'Using weather' }])
    for (const raw of [flow.raw, agent.raw]) {
      for (const leak of ['SECRET', 'process_data', 'tool_input', 'observation', 'node_id']) {
        expect(raw).not.toContain(leak)
      }
    }
  })

  it('sends no steps when show_workflow_steps is off', async () => {
    const { upstream, relay, token } = await start(false)
    const info = (await (await relay.api(token, 'GET', ROUTES.app)).json()) as AppInfo
    expect(info.features.steps).toBe(false)
    upstream.next(CHATFLOW, AGENT)
    const flow = await readStream(await relay.chat(token, { query: 'docs?' }))
    const agent = await readStream(await relay.chat(token, { query: 'weather?' }))
    expect(statuses([...flow.events, ...agent.events])).toEqual([])
    expect(textOf(flow.events)).toBe('Here you go.')
    expect(textOf(agent.events)).toBe('It is sunny.')
  })

  it('sends them anyway when the relay’s SHOW_PROCESS is on', async () => {
    const { upstream, relay, token } = await start(false, { SHOW_PROCESS: 'true' })
    const info = (await (await relay.api(token, 'GET', ROUTES.app)).json()) as AppInfo
    expect(info.features.steps).toBe(true)
    upstream.next(CHATFLOW)
    const { events, raw } = await readStream(await relay.chat(token, { query: 'docs?' }))
    expect(statuses(events)).toHaveLength(2)
    expect(raw).not.toContain('SECRET')
  })

  it('passes on the site’s look, checked', async () => {
    const { relay, token } = await start(true)
    const info = (await (await relay.api(token, 'GET', ROUTES.app)).json()) as AppInfo
    expect(info.look).toEqual({
      color: '#0f766e',
      answerIcon: null,
      disclaimer: 'Answers may be wrong.',
      privacyPolicy: 'https://acme.example/privacy',
      copyright: null,
      language: 'en-US',
    })
  })
})
