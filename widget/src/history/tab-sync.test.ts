import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type FakeRelay, fakeRelay, historyTurn, json, sse } from '../../test/fake-relay.ts'
import { type TestWidget, testWidget } from '../../test/widget.tsx'
import { storageKey } from '../config.ts'
import { syncTabs } from './tab-sync.ts'

const RELAY = 'https://relay.test'
let relay: FakeRelay
const tabs: { widget: TestWidget; stop: () => void }[] = []

/** One tab of the browser: its own stores over the shared localStorage, synced. */
function tab(persist: 'browser' | 'tab' = 'browser'): TestWidget {
  const widget = testWidget({ fetch: relay.fetch, config: { persist } })
  tabs.push({ widget, stop: syncTabs(widget) })
  return widget
}

const texts = (w: TestWidget) => w.chat.$messages.get().map((m) => m.text)

beforeEach(() => {
  localStorage.clear()
  sessionStorage.clear()
  relay = fakeRelay(RELAY)
  relay.on('POST /api/chat', () =>
    sse([
      { type: 'start', conversationId: 'c9', messageId: 'm9', taskId: 't9' },
      { type: 'delta', text: 'Ninety' },
      { type: 'end', messageId: 'm9', sources: [] },
    ]),
  )
  relay.on('GET /api/conversations/:id/messages', ({ url }) =>
    json({
      messages: [
        historyTurn({
          id: 'm9',
          conversationId: url.pathname.split('/')[3],
          query: 'Nine?',
          answer: 'Ninety',
        }),
      ],
      hasMore: false,
    }),
  )
})

afterEach(() => {
  for (const { widget, stop } of tabs.splice(0)) {
    stop()
    widget.destroy()
  }
})

describe('tabs sharing a session', () => {
  it('shows a question asked and answered in one tab in the other', async () => {
    const a = tab()
    const b = tab()
    a.chat.send('Nine?')
    await vi.waitFor(() => expect(texts(b)).toEqual(['Nine?', 'Ninety']))
    expect(b.session.$session.get().conversationId).toBe('c9')
    expect(texts(a)).toEqual(['Nine?', 'Ninety'])
  })

  it('leaves a tab that is streaming an answer alone', async () => {
    const a = tab()
    const b = tab()
    let release = () => {}
    relay.on('POST /api/chat', () =>
      sse([{ type: 'start', conversationId: 'c5', messageId: 'm5', taskId: 't5' }], {
        hold: new Promise<void>((r) => (release = r)),
      }),
    )
    b.chat.send('Slow one')
    await vi.waitFor(() => expect(b.chat.$streaming.get()).toBe(true))
    const other = new BroadcastChannel(storageKey(RELAY))
    other.postMessage({ type: 'answered', conversationId: 'c9' })
    await new Promise((r) => setTimeout(r, 50))
    expect(texts(b)[0]).toBe('Slow one')
    await vi.waitFor(() => expect(texts(a), 'an idle tab follows').toEqual(['Nine?', 'Ninety']))
    release()
    other.close()
  })

  it('drops a conversation deleted in another tab, and forgets when another tab forgets', async () => {
    localStorage.setItem(storageKey(RELAY), JSON.stringify({ token: 'tok0', conversationId: 'c9' }))
    const b = tab()
    await b.chat.restore()
    expect(texts(b)).toEqual(['Nine?', 'Ninety'])
    const other = new BroadcastChannel(storageKey(RELAY))
    other.postMessage({ type: 'deleted', conversationId: 'c1' })
    await new Promise((r) => setTimeout(r, 20))
    expect(texts(b)).toEqual(['Nine?', 'Ninety'])
    other.postMessage({ type: 'deleted', conversationId: 'c9' })
    await vi.waitFor(() => expect(texts(b)).toEqual([]))
    expect(b.session.$session.get().conversationId).toBeNull()
    other.postMessage({ type: 'forgotten' })
    await vi.waitFor(() => expect(b.session.$session.get().token).toBeNull())
    expect(localStorage.getItem(storageKey(RELAY))).toBeNull()
    other.close()
  })

  it('does nothing for tabs that keep their own session (data-persist="tab")', async () => {
    const a = tab('tab')
    const b = tab('tab')
    a.chat.send('Nine?')
    await vi.waitFor(() => expect(texts(a)).toEqual(['Nine?', 'Ninety']))
    await new Promise((r) => setTimeout(r, 50))
    expect(b.chat.$messages.get()).toEqual([])
  })
})
