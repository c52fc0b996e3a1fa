import { describe, expect, it } from 'vitest'
import {
  applyEvent,
  failAnswer,
  fromHistory,
  MAX_STEPS,
  pendingAnswer,
  stopAnswer,
} from './message.ts'

describe('a chat message', () => {
  const start = pendingAnswer('a1', 'hi')

  it('takes ids from start and appends deltas', () => {
    let m = applyEvent(start, {
      type: 'start',
      conversationId: 'c1',
      messageId: 'm1',
      taskId: 't1',
    })
    m = applyEvent(m, { type: 'delta', text: 'Hel' })
    m = applyEvent(m, { type: 'delta', text: 'lo' })
    expect(m).toMatchObject({ text: 'Hello', messageId: 'm1', taskId: 't1', state: 'streaming' })
  })

  it('replaces the text (moderation), keeps the steps and collects files', () => {
    let m = applyEvent(start, { type: 'delta', text: 'bad' })
    m = applyEvent(m, { type: 'status', label: 'Searching' })
    m = applyEvent(m, { type: 'replace', text: 'Sorry.' })
    m = applyEvent(m, { type: 'file', url: 'https://x/y.png', fileType: 'image' })
    expect(m).toMatchObject({
      text: 'Sorry.',
      steps: ['Searching'],
      files: [{ url: 'https://x/y.png', type: 'image' }],
    })
  })

  it(`lists the steps in order, a repeated one once, the newest ${MAX_STEPS}`, () => {
    let m = start
    for (const label of ['Plan', 'Search', 'Search', 'Rank', 'Search', 'Write', 'Check', 'Send']) {
      m = applyEvent(m, { type: 'status', label })
    }
    expect(m.steps).toEqual(['Rank', 'Search', 'Write', 'Check', 'Send'])
  })

  it('ends with sources and clears the steps', () => {
    const sources = [{ title: 'Doc', snippet: 's', url: 'https://d' }]
    const m = applyEvent(applyEvent(start, { type: 'status', label: 'x' }), {
      type: 'end',
      messageId: 'm9',
      sources,
    })
    expect(m).toMatchObject({ state: 'done', messageId: 'm9', sources, steps: undefined })
    expect(applyEvent(m, { type: 'delta', text: 'late' }).text).toBe('')
  })

  it('fails with the error, clearing the steps', () => {
    const error = { code: 'rate_limited', message: 'Slow down', retryable: true } as const
    const m = failAnswer(applyEvent(start, { type: 'status', label: 'x' }), error)
    expect(m).toMatchObject({ state: 'error', steps: undefined, error })
  })

  it('stops, keeping what arrived', () => {
    const m = stopAnswer(applyEvent(start, { type: 'delta', text: 'part' }))
    expect(m).toMatchObject({ state: 'done', text: 'part', stopped: true })
  })

  it('turns a history turn into a question and an answer', () => {
    let n = 0
    const nextId = () => `h${++n}`
    const [q, a] = fromHistory(
      {
        id: 'm1',
        conversationId: 'c1',
        query: 'Q',
        answer: 'A',
        createdAt: 0,
        feedback: 'like',
        sources: [],
        files: [],
        status: 'normal',
        error: null,
      },
      nextId,
    )
    expect(q).toMatchObject({ id: 'h1', role: 'user', text: 'Q', messageId: 'm1' })
    expect(a).toMatchObject({
      id: 'h2',
      role: 'assistant',
      text: 'A',
      state: 'done',
      feedback: 'like',
      messageId: 'm1',
    })
  })
})
