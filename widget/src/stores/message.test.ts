import type { HumanInputForm } from '@parley/shared'
import { describe, expect, it } from 'vitest'
import { historyTurn } from '../../test/fake-relay.ts'
import {
  applyEvent,
  failAnswer,
  fromHistory,
  MAX_STEPS,
  pendingAnswer,
  regenerated,
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
    const [q, a] = fromHistory([historyTurn({ query: 'Q', answer: 'A', feedback: 'like' })], nextId)
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

  it('folds a question asked again (regenerate) into one turn, the earlier answers collapsed', () => {
    let n = 0
    const messages = fromHistory(
      [
        historyTurn({ id: 'a', query: 'Q', answer: 'first' }),
        historyTurn({ id: 'b', query: 'Q', answer: 'second' }),
        historyTurn({ id: 'c', query: 'Q', answer: 'third' }),
        historyTurn({ id: 'd', query: 'Other', answer: 'fourth' }),
      ],
      () => `h${++n}`,
    )
    expect(messages.map((m) => m.text)).toEqual(['Q', 'third', 'Other', 'fourth'])
    expect(messages[1]?.messageId).toBe('c')
    expect(messages[1]?.earlier?.map((m) => [m.messageId, m.text, m.earlier])).toEqual([
      ['a', 'first', undefined],
      ['b', 'second', undefined],
    ])
    expect(messages[3]?.earlier).toBeUndefined()
  })

  it('drops a failed answer that was asked again (a retry) rather than keeping it', () => {
    let n = 0
    const messages = fromHistory(
      [
        historyTurn({ id: 'a', query: 'Q', status: 'error', error: 'boom' }),
        historyTurn({ id: 'b', query: 'Q', answer: 'ok' }),
      ],
      () => `h${++n}`,
    )
    expect(messages.map((m) => m.text)).toEqual(['Q', 'ok'])
    expect(messages[1]?.earlier).toEqual([])
  })

  it('regenerates in place: a pending answer to the same question, the old one kept first', () => {
    const old = { ...applyEvent(start, { type: 'end', messageId: 'd1', sources: [] }), earlier: [] }
    const once = regenerated({ ...old, text: 'one' })
    expect(once).toMatchObject({ id: start.id, state: 'streaming', text: '', query: start.query })
    const twice = regenerated({ ...once, state: 'done', text: 'two' })
    expect(twice.earlier?.map((m) => m.text)).toEqual(['one', 'two'])
    expect(twice.earlier?.every((m) => m.earlier === undefined)).toBe(true)
  })

  it('keeps a human-input form from the stream and from history', () => {
    const form: HumanInputForm = {
      token: 't',
      title: 'Approval',
      content: 'Review: {{#$output.feedback#}}',
      fields: [{ name: 'feedback', type: 'paragraph', default: '' }],
      actions: [{ id: 'ok', title: 'Approve', style: 'primary' }],
      expiresAt: 1,
    }
    expect(applyEvent(start, { type: 'form', form }).form).toBe(form)
    const [, a] = fromHistory([historyTurn({ status: 'paused', form })], () => 'x')
    expect(a).toMatchObject({ state: 'done', form })
  })
})
