import { describe, expect, it } from 'vitest'
import { demoAnswer, demoWordDelay } from './demo-answer.ts'
import { answerOf, callDify, jsonOf, readDifyFrames } from './read-frames.ts'
import { createDemoUpstream } from './upstream.ts'

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
    expect(site.title).toBe('Parley demo')
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

  it('streams word by word at 20–40 ms per word', async () => {
    for (let i = 0; i < 50; i++) {
      expect(demoWordDelay(i)).toBeGreaterThanOrEqual(20)
      expect(demoWordDelay(i)).toBeLessThanOrEqual(40)
    }
    const demo = createDemoUpstream()
    const body = { query: 'hi', inputs: {}, user: 'v1', response_mode: 'streaming' }
    const response = await callDify(demo, 'POST', '/chat-messages', body)
    const reader = response.body?.getReader()
    const started = Date.now()
    await reader?.read()
    await reader?.read()
    await reader?.read()
    expect(Date.now() - started).toBeGreaterThanOrEqual(35)
    await reader?.cancel()
    demo.dispose()
  })
})
