import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type FakeRelay, fakeRelay, historyTurn, json, sse } from '../../test/fake-relay.ts'
import { type TestWidget, testWidget } from '../../test/widget.tsx'
import type { ChatStore } from './chat.ts'

let relay: FakeRelay
let widget: TestWidget
let chat: ChatStore
const last = () => chat.$messages.get().at(-1)
const settled = () => vi.waitFor(() => expect(last()?.state).not.toBe('streaming'))

/** Answers each chat request with the next of `answers`. */
function answering(...answers: string[]) {
  let n = 0
  relay.on('POST /api/chat', () => {
    const text = answers[n++] ?? 'none'
    return sse([
      { type: 'start', conversationId: 'c1', messageId: `m${n}`, taskId: `t${n}` },
      { type: 'delta', text },
      { type: 'end', messageId: `m${n}`, sources: [] },
    ])
  })
}

beforeEach(() => {
  sessionStorage.clear()
  relay = fakeRelay()
  widget = testWidget({ fetch: relay.fetch })
  chat = widget.chat
})

afterEach(() => widget.destroy())

describe('regenerating the last answer', () => {
  it('asks the same question again in the same conversation, keeping the old answer as earlier', async () => {
    answering('first', 'second', 'third')
    chat.send('Why?')
    await settled()
    const id = last()?.id ?? ''
    chat.regenerate(id)
    expect(last()).toMatchObject({ id, state: 'streaming', text: '' })
    await settled()
    chat.regenerate(id)
    await settled()
    expect(chat.$messages.get().map((m) => m.text)).toEqual(['Why?', 'third'])
    expect(last()?.earlier?.map((m) => [m.text, m.messageId])).toEqual([
      ['first', 'm1'],
      ['second', 'm2'],
    ])
    const asked = relay.calls.filter((c) => c.path === '/api/chat').map((c) => c.body)
    expect(asked).toEqual([
      expect.objectContaining({ query: 'Why?' }),
      expect.objectContaining({ query: 'Why?', conversationId: 'c1' }),
      expect.objectContaining({ query: 'Why?', conversationId: 'c1' }),
    ])
  })

  it('regenerates only the last answer, and only once it is done', async () => {
    answering('one', 'two')
    chat.send('A')
    await settled()
    const first = last()?.id ?? ''
    chat.send('B')
    chat.regenerate(last()?.id ?? '')
    await settled()
    chat.regenerate(first)
    expect(relay.calls.filter((c) => c.path === '/api/chat')).toHaveLength(2)
    expect(chat.$messages.get().every((m) => !m.earlier)).toBe(true)
  })

  it('shows a conversation with a regenerated answer as one turn after a reload', async () => {
    relay.on('GET /api/conversations/:id/messages', () =>
      json({
        messages: [
          historyTurn({ id: 'a', query: 'Why?', answer: 'first' }),
          historyTurn({ id: 'b', query: 'Why?', answer: 'second' }),
        ],
        hasMore: false,
      }),
    )
    await chat.open('c1')
    expect(chat.$messages.get().map((m) => m.text)).toEqual(['Why?', 'second'])
    expect(last()?.earlier?.map((m) => m.text)).toEqual(['first'])
  })
})
