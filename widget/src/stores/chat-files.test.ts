import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type FakeRelay, fakeRelay, historyTurn, json, sse } from '../../test/fake-relay.ts'
import { type TestWidget, testWidget } from '../../test/widget.tsx'
import type { ChatStore } from './chat.ts'

let relay: FakeRelay
let widget: TestWidget
let chat: ChatStore

beforeEach(() => {
  sessionStorage.clear()
  relay = fakeRelay()
  widget = testWidget({ fetch: relay.fetch })
  chat = widget.chat
})

afterEach(() => widget.destroy())

describe('files with a message', () => {
  it('sends the uploads with the query and shows their names under it', async () => {
    relay.on('POST /api/chat', () =>
      sse([
        { type: 'start', conversationId: 'c1', messageId: 'm1', taskId: 't1' },
        { type: 'delta', text: 'Nice boots.' },
        { type: 'end', messageId: 'm1', sources: [] },
      ]),
    )
    const file = { type: 'image', transferMethod: 'local_file' as const, uploadFileId: 'u1' }
    chat.send('What are these?', [{ file, name: 'boots.png', type: 'image' }])
    await vi.waitFor(() => expect(chat.$streaming.get()).toBe(false))
    const body = relay.calls.find((c) => c.path === '/api/chat')?.body
    expect(body).toMatchObject({ query: 'What are these?', files: [file] })
    expect(chat.$messages.get()[0]?.files).toEqual([{ url: '', type: 'image', name: 'boots.png' }])
  })

  it('sends no files field without files', async () => {
    relay.on('POST /api/chat', () => sse([{ type: 'end', messageId: 'm1', sources: [] }]))
    chat.send('Hi')
    await vi.waitFor(() => expect(chat.$streaming.get()).toBe(false))
    expect(relay.calls.find((c) => c.path === '/api/chat')?.body).not.toHaveProperty('files')
  })

  it('shows the files the visitor sent, from history', async () => {
    const queryFiles = [
      { url: 'https://dify.test/files/b.png?sign=1', type: 'image', name: 'b.png' },
    ]
    relay.on('GET /api/conversations/:id/messages', () =>
      json({ messages: [historyTurn({ query: 'Q', answer: 'A', queryFiles })], hasMore: false }),
    )
    await chat.open('c1')
    expect(chat.$messages.get()[0]).toMatchObject({ role: 'user', files: queryFiles })
  })
})
