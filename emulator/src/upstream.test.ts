import { describe, expect, it } from 'vitest'
import { demoAnswer, demoWordDelay } from './demo-answer.ts'
import { answerOf, callDify, type DifyFrame, jsonOf, readDifyFrames } from './read-frames.ts'
import { createDemoUpstream } from './upstream.ts'

/** Each data frame of a stream, with when it arrived (ms after the response). */
async function timedFrames(response: Response): Promise<{ at: number; frame: DifyFrame }[]> {
  const started = performance.now()
  const timed: { at: number; frame: DifyFrame }[] = []
  const decoder = new TextDecoder()
  let buffer = ''
  for await (const chunk of response.body ?? []) {
    buffer += decoder.decode(chunk, { stream: true })
    const frames = buffer.split('\n\n')
    buffer = frames.pop() ?? ''
    for (const frame of frames) {
      if (frame.startsWith('data: ')) {
        timed.push({ at: performance.now() - started, frame: JSON.parse(frame.slice(6)) })
      }
    }
  }
  return timed
}

describe('demo upstream', () => {
  it('introduces Parley in /parameters and enables suggestions after answers', async () => {
    const demo = createDemoUpstream()
    const parameters = await jsonOf(
      await callDify(demo, 'GET', '/parameters', undefined, 'anything'),
    )
    expect(parameters.opening_statement).toContain('Parley')
    expect(parameters.suggested_questions.length).toBeGreaterThanOrEqual(3)
    expect(parameters.suggested_questions_after_answer).toEqual({ enabled: true })
    const site = await jsonOf(await demo.fetch('http://demo.invalid/v1/site'))
    expect(site).toMatchObject({
      title: 'Parley demo',
      chat_color_theme: '#2563eb',
      icon_type: 'emoji',
      custom_disclaimer: 'Answers come from a demo emulator, not a real model.',
      privacy_policy: null,
      show_workflow_steps: true,
      use_icon_as_answer_icon: true,
      icon_url: null,
    })
    demo.dispose()
  })

  it('answers with markdown that echoes the question and says it is demo mode', async () => {
    const demo = createDemoUpstream({ scenario: { frameDelayMs: 0 } })
    const body = { query: 'How do I embed it?', inputs: {}, user: 'v1', response_mode: 'streaming' }
    const frames = await readDifyFrames(await callDify(demo, 'POST', '/chat-messages', body))
    const answer = answerOf(frames)
    expect(answer).toBe(demoAnswer('How do I embed it?'))
    expect(answer).toContain('How do I embed it?')
    expect(answer).toMatch(/^## /)
    expect(answer).toContain('demo mode')
    expect(answer).toContain('```')
    expect(answer).toContain('| --- |')
    expect(answer).toContain('[dify.ai](https://dify.ai)')
    expect(answer).toMatch(/^- /m)
    expect(frames.filter((f) => f.event === 'message').length).toBeGreaterThan(50)
    const [message] = [...demo.state.messages.values()]
    const suggested = await callDify(demo, 'GET', `/messages/${message?.id}/suggested?user=v1`)
    expect((await jsonOf(suggested)).data).toHaveLength(3)
    demo.dispose()
  })

  it('streams word by word at 20–40 ms per word, after steps that take a moment', async () => {
    for (let i = 0; i < 50; i++) {
      expect(demoWordDelay(i)).toBeGreaterThanOrEqual(20)
      expect(demoWordDelay(i)).toBeLessThanOrEqual(40)
    }
    const demo = createDemoUpstream({ scenario: { answer: 'one two three four' } })
    const body = { query: 'hi', inputs: {}, user: 'v1', response_mode: 'streaming' }
    const frames = await timedFrames(await callDify(demo, 'POST', '/chat-messages', body))
    const started = frames
      .filter(({ frame }) => frame.event === 'node_started')
      .map(({ frame }) => (frame.data as { title: string }).title)
    expect(started).toEqual(['Start', 'Search the Parley docs', 'Write the answer', 'Answer'])
    const search = frames.findIndex(
      ({ frame }) =>
        (frame.data as { title?: string } | undefined)?.title === 'Search the Parley docs',
    )
    // The search runs a while: the step is there to be seen.
    expect((frames[search + 1]?.at ?? 0) - (frames[search]?.at ?? 0)).toBeGreaterThanOrEqual(350)
    const words = frames.filter(({ frame }) => frame.event === 'message')
    expect(words.map(({ frame }) => frame.answer).join('')).toBe('one two three four')
    expect((words.at(-1)?.at ?? 0) - (words[0]?.at ?? 0)).toBeGreaterThanOrEqual(3 * 20 - 5)
    demo.dispose()
  })
})

describe('createDemoUpstream({ app })', () => {
  it('is a text generator or a workflow with a topic input, as DEMO_APP asks', async () => {
    for (const app of ['completion', 'workflow'] as const) {
      const demo = createDemoUpstream({ app, scenario: { frameDelayMs: 0 } })
      const info: { mode?: string } = await jsonOf(await demo.fetch('http://dify.test/v1/info'))
      expect(info.mode).toBe(app)
      const path = app === 'completion' ? '/v1/completion-messages' : '/v1/workflows/run'
      const res = await demo.fetch(`http://dify.test${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          inputs: { topic: 'otters' },
          user: 'u',
          response_mode: 'streaming',
        }),
      })
      expect(await res.text()).toContain('otters')
      demo.dispose()
    }
  })
})
