import type { DifyUpstream, Json } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import type { WidgetEvent } from '@parley/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoopbackRelay } from './loopback-relay.ts'
import { readStream, startLoopbackRelay, textOf } from './loopback-relay.ts'

let upstream: DifyUpstream
let relay: LoopbackRelay
let token: string
beforeAll(async () => {
  upstream = await startDifyUpstream()
  relay = await startLoopbackRelay(upstream)
  token = await relay.session()
})
afterAll(async () => {
  await relay.close()
  await upstream.close()
})

const ask = async (query: string, extra: { conversationId?: string } = {}) =>
  readStream(await relay.chat(token, { query, ...extra }))

const types = (events: WidgetEvent[]) => events.map((e) => e.type)
const lastChatRequest = (): Json =>
  upstream.requests.filter((r) => r.path === '/v1/chat-messages').at(-1)

describe('chat over loopback: relay ↔ Dify test upstream', () => {
  it('streams an answer: start with Dify’s ids, deltas, one end', async () => {
    upstream.next({ answer: 'Hello from Dify' })
    const response = await relay.chat(token, { query: 'hi' })
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(response.headers.get('cache-control')).toContain('no-cache')
    const { events } = await readStream(response)
    expect(types(events)).toEqual(['start', 'delta', 'delta', 'delta', 'end'])
    const start = events[0] as Extract<WidgetEvent, { type: 'start' }>
    const [saved] = upstream.messages(start.conversationId)
    expect(start).toMatchObject({ messageId: saved?.id })
    // The task id only signed for this visitor (visitor-ids.ts): `<Dify's task id>.<MAC>`.
    expect(start.taskId.split('.')[0]).toBe(saved?.taskId)
    expect(events.at(-1)).toEqual({ type: 'end', messageId: saved?.id, sources: [] })
    expect(textOf(events)).toBe('Hello from Dify')
    const sent = lastChatRequest()
    expect(sent.headers.authorization).toBe(`Bearer ${upstream.apiKey}`)
    expect(sent.body).toMatchObject({ query: 'hi', inputs: {}, response_mode: 'streaming' })
    expect(sent.body.user).toEqual(expect.any(String))
  })

  it('delivers the exact text when Dify’s bytes arrive one at a time, splitting frames and UTF-8', async () => {
    const answer = 'Grüße, 日本語 and 🎉👍🏽 — done.'
    upstream.next({ answer, bytes: { size: 1, delayMs: 0 }, pings: { before: 1, every: 2 } })
    const { events } = await ask('split me')
    expect(textOf(events)).toBe(answer)
    expect(types(events).at(-1)).toBe('end')
  })

  it('survives a cut at each byte offset of the first frames', async () => {
    // Every offset of the first ~700 bytes (envelope, UTF-8 answer, frame boundary), one run per phase.
    const phases = 7
    for (let phase = 1; phase <= phases; phase++) {
      const at = Array.from({ length: 100 }, (_, i) => phase + i * phases)
      upstream.next({ answer: 'é 🎉 ü', bytes: { at, delayMs: 0 } })
      const { events } = await ask(`phase ${phase}`)
      expect(textOf(events)).toBe('é 🎉 ü')
      expect(types(events).at(-1)).toBe('end')
    }
  })

  it('forwards no Dify pings, only widget events', async () => {
    upstream.next({ answer: 'a b', pings: { before: 3, every: 1 } })
    const { events, raw } = await ask('ping?')
    expect(textOf(events)).toBe('a b')
    expect(raw).not.toContain('event: ping')
    expect(raw).not.toContain('data: {"event"')
  })

  it('turns message_replace into a replace event that wins over the deltas', async () => {
    upstream.next({
      answer: 'something rude',
      replace: { answer: 'Sorry, I can’t help with that.' },
    })
    const { events } = await ask('be rude')
    expect(events.filter((e) => e.type === 'replace')).toEqual([
      { type: 'replace', text: 'Sorry, I can’t help with that.' },
    ])
    expect(textOf(events)).toBe('Sorry, I can’t help with that.')
  })

  it('shows agent tools as status labels and never the tool input', async () => {
    upstream.next({
      mode: 'agent-chat',
      answer: 'It is sunny.',
      thoughts: [
        { tool: 'weather', toolInput: { city: 'SECRET-TOOL-INPUT' }, observation: 'SECRET-OBS' },
      ],
    })
    const { events, raw } = await ask('weather?')
    expect(events).toContainEqual({ type: 'status', label: 'Using weather' })
    expect(textOf(events)).toBe('It is sunny.')
    expect(raw).not.toContain('SECRET')
  })

  it('makes relative file URLs absolute and keeps text sent as message_file (#36990)', async () => {
    upstream.next({
      answer: 'Here is the chart',
      files: [{ afterChunks: 1, url: '/files/tools/abc.png?sign=x' }],
    })
    const { events } = await ask('draw')
    const origin = new URL(upstream.url).origin
    expect(events).toContainEqual({
      type: 'file',
      url: `${origin}/files/tools/abc.png?sign=x`,
      fileType: 'image',
    })
    expect(textOf(events)).toBe('Here is the chart')
    // message_end lists the same file again; the widget sees it once.
    expect(events.filter((e) => e.type === 'file')).toHaveLength(1)
  })

  it('ends the answer at message_end even when Dify keeps the connection open (#21568)', async () => {
    upstream.next({ answer: 'a b', hangAfterFrames: 3 })
    const started = Date.now()
    const { events } = await ask('linger')
    expect(types(events).at(-1)).toBe('end')
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('turns retriever_resources into end sources', async () => {
    upstream.next({
      answer: 'See the guide.',
      sources: [{ document_name: 'guide.pdf', content: 'Step one…' }],
    })
    const { events } = await ask('how?')
    const end = events.at(-1) as Extract<WidgetEvent, { type: 'end' }>
    expect(end.sources).toEqual([
      expect.objectContaining({ title: 'guide.pdf', snippet: 'Step one…' }),
    ])
  })

  it('never lets chatflow node inputs, outputs or usage reach the browser', async () => {
    upstream.next({
      mode: 'advanced-chat',
      answer: 'Answer for you',
      nodes: [
        {
          title: 'Start',
          type: 'start',
          inputs: { key: 'SECRET-START' },
          outputs: { q: 'SECRET-Q' },
        },
        {
          title: 'Search docs',
          type: 'knowledge-retrieval',
          inputs: { query: 'SECRET-KR' },
          outputs: { result: 'SECRET-DOCS' },
        },
        {
          title: 'Write answer',
          type: 'llm',
          inputs: { prompt: 'SECRET-PROMPT' },
          outputs: { text: 'SECRET-OUT' },
        },
      ],
    })
    const { events, raw } = await ask('chatflow')
    expect(textOf(events)).toBe('Answer for you')
    expect(events).toContainEqual({ type: 'status', label: 'Search docs' })
    expect(types(events).filter((t) => t === 'end')).toHaveLength(1)
    for (const leak of [
      'SECRET',
      'workflow_run_id',
      'node_id',
      'total_price',
      'prompt_tokens',
      'sys.',
    ]) {
      expect(raw).not.toContain(leak)
    }
  })

  it.each([
    ['failed', 'error'],
    ['stopped', 'end'],
    ['succeeded', 'end'],
  ] as const)('ends a chatflow that %s with one %s event', async (workflowEnd, last) => {
    upstream.next({
      mode: 'advanced-chat',
      answer: 'partial',
      workflowEnd,
      workflowError: 'SECRET-NODE-ERROR: boom',
    })
    const { events } = await ask(`flow ${workflowEnd}`)
    expect(types(events).at(-1)).toBe(last)
    expect(types(events).filter((t) => t === 'end' || t === 'error')).toHaveLength(1)
  })

  it('ends a chatflow stream that stops at workflow_finished (v1.12+)', async () => {
    upstream.next({ mode: 'advanced-chat', answer: 'all of it', truncateAfterWorkflow: true })
    const { events } = await ask('truncated')
    expect(textOf(events)).toBe('all of it')
    expect(types(events).at(-1)).toBe('end')
  })
})
