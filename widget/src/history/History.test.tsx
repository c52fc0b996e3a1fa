import type { ConversationSummary } from '@parley/shared'
import { act, cleanup, fireEvent, render, waitFor, within } from '@testing-library/preact'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { error, type FakeRelay, fakeRelay, historyTurn, json } from '../../test/fake-relay.ts'
import { type TestWidget, testWidget } from '../../test/widget.tsx'
import { storageKey } from '../config.ts'
import { Panel } from '../ui/Panel.tsx'
import { WidgetContext } from '../ui/widget-context.ts'
import { PAGE_SIZE } from './conversations-api.ts'
import { History } from './History.tsx'

const RELAY = 'https://relay.test'
const NOW = Date.now()
let relay: FakeRelay
let widget: TestWidget
/** The visitor's conversations on the relay, newest first. */
let conversations: ConversationSummary[]

const conversation = (i: number): ConversationSummary => ({
  id: `c${i}`,
  name: `Topic ${i}`,
  updatedAt: NOW - i * 3_600_000,
})

function serve() {
  relay.on('GET /api/conversations', ({ url }) => {
    const lastId = url.searchParams.get('lastId')
    const limit = Number(url.searchParams.get('limit'))
    const from = lastId ? conversations.findIndex((c) => c.id === lastId) + 1 : 0
    const page = conversations.slice(from, from + limit)
    return json({ conversations: page, hasMore: from + limit < conversations.length })
  })
  relay.on('PATCH /api/conversations/:id', ({ url, body }) => {
    const id = url.pathname.split('/').pop()
    const found = conversations.find((c) => c.id === id)
    if (!found) return error('not_found', 404)
    found.name = (body as { name: string }).name
    return json(found)
  })
  relay.on('DELETE /api/conversations/:id', ({ url }) => {
    const id = url.pathname.split('/').pop()
    conversations = conversations.filter((c) => c.id !== id)
    return new Response(null, { status: 204 })
  })
  relay.on('GET /api/conversations/:id/messages', ({ url }) => {
    const id = url.pathname.split('/')[3] ?? ''
    return json({
      messages: [historyTurn({ conversationId: id, query: `Question in ${id}`, answer: 'Answer' })],
      hasMore: false,
    })
  })
}

/** The panel as on a page, with the real history chunk's component behind its button. */
function show(config: Parameters<typeof testWidget>[0] = {}) {
  widget = testWidget({
    fetch: relay.fetch,
    history: () => Promise.resolve(History),
    ...config,
  })
  const host = document.createElement('div')
  document.body.append(host)
  const container = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('div'))
  render(
    <WidgetContext.Provider value={widget}>
      <Panel open onClose={() => {}} />
    </WidgetContext.Provider>,
    { container },
  )
  return within(container)
}

type Scope = ReturnType<typeof show>

async function openHistory(ui: Scope) {
  fireEvent.click(ui.getByRole('button', { name: 'Conversations' }))
  await ui.findByRole('heading', { name: 'Conversations' })
  await waitFor(() => expect(ui.queryByText('Loading conversations…')).toBeNull())
}

const rows = (ui: Scope) =>
  ui.queryAllByRole('listitem').map((li) => li.querySelector('.nm')?.textContent)
const focused = () => {
  let el = document.activeElement
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement
  return el
}
const status = (ui: Scope) => ui.getByRole('status').textContent

beforeEach(() => {
  sessionStorage.clear()
  localStorage.clear()
  relay = fakeRelay(RELAY)
  conversations = Array.from({ length: 3 }, (_, i) => conversation(i + 1))
  serve()
})

afterEach(() => {
  cleanup()
  widget.destroy()
  document.body.replaceChildren()
})

describe('the history view', () => {
  it('lists the conversations with names and relative dates, focuses its heading and says how many', async () => {
    const ui = show()
    const toggle = ui.getByRole('button', { name: 'Conversations' })
    expect(toggle.getAttribute('aria-pressed')).toBe('false')
    await openHistory(ui)
    expect(toggle.getAttribute('aria-pressed')).toBe('true')
    expect(rows(ui)).toEqual(['Topic 1', 'Topic 2', 'Topic 3'])
    expect(ui.getAllByRole('listitem')[0]?.querySelector('time')?.textContent).toBe('1 hour ago')
    expect(focused()?.tagName).toBe('H2')
    await waitFor(() => expect(status(ui)).toBe('3 conversations'))
    expect(ui.queryByRole('log'), 'the log is hidden behind the view').toBeNull()
    expect(ui.getByRole('log', { hidden: true })).not.toBeNull()
    expect(relay.calls.find((c) => c.path === '/api/conversations')?.auth).toBe('Bearer tok1')
  })

  it('pages past the first 20 and focuses the first conversation that came in', async () => {
    conversations = Array.from({ length: 45 }, (_, i) => conversation(i + 1))
    const ui = show()
    await openHistory(ui)
    expect(rows(ui)).toHaveLength(PAGE_SIZE)
    fireEvent.click(ui.getByRole('button', { name: 'Show more' }))
    await waitFor(() => expect(rows(ui)).toHaveLength(40))
    expect(focused()?.closest('li')?.querySelector('.nm')?.textContent).toBe('Topic 21')
    fireEvent.click(ui.getByRole('button', { name: 'Show more' }))
    await waitFor(() => expect(rows(ui)).toHaveLength(45))
    expect(ui.queryByRole('button', { name: 'Show more' })).toBeNull()
    expect(status(ui)).toBe('45 conversations')
    const lastIds = relay.calls.filter((c) => c.path === '/api/conversations').map((c) => c.method)
    expect(lastIds).toHaveLength(3)
  })

  it('opens a conversation in place: its messages in the log, focus in the composer', async () => {
    const ui = show()
    await openHistory(ui)
    fireEvent.click(ui.getByRole('button', { name: /^Topic 2/ }))
    await waitFor(() => expect(ui.queryByRole('heading', { name: 'Conversations' })).toBeNull())
    expect(widget.session.$session.get().conversationId).toBe('c2')
    expect(widget.chat.$messages.get().map((m) => m.text)).toEqual(['Question in c2', 'Answer'])
    expect(focused()?.getAttribute('data-parley')).toBe('input')
  })

  it('drops a conversation Dify no longer has when it is opened, though the error comes from the app bundle', async () => {
    const ui = show()
    // The chat is the app's: its RelayError is another class than this chunk's own copy.
    class AppRelayError extends Error {
      code = 'not_found' as const
      retryable = false
    }
    widget.chat.open = () => Promise.reject(new AppRelayError('gone'))
    await openHistory(ui)
    fireEvent.click(ui.getByRole('button', { name: /^Topic 2/ }))
    await waitFor(() => expect(rows(ui)).toEqual(['Topic 1', 'Topic 3']))
    expect(ui.getByRole('heading', { name: 'Conversations' })).toBeTruthy()
  })

  it('marks the conversation on screen as current', async () => {
    sessionStorage.setItem(
      storageKey(RELAY),
      JSON.stringify({ token: 'tok0', conversationId: 'c3' }),
    )
    const ui = show()
    await openHistory(ui)
    const current = ui.getAllByRole('button').filter((b) => b.getAttribute('aria-current'))
    expect(current.map((b) => b.querySelector('.nm')?.textContent)).toEqual(['Topic 3'])
  })

  it('renames inline: Enter saves, Escape cancels, an empty or control-character name is refused', async () => {
    const ui = show()
    await openHistory(ui)
    const rename = ui.getByRole('button', { name: 'Rename “Topic 1”' })
    fireEvent.click(rename)
    const input = ui.getByRole('textbox', { name: 'Conversation name' }) as HTMLInputElement
    expect(focused()).toBe(input)
    expect(input.value).toBe('Topic 1')
    fireEvent.keyDown(input, { key: 'Escape' })
    expect(ui.queryByRole('textbox')).toBeNull()
    expect(focused()).toBe(ui.getByRole('button', { name: 'Rename “Topic 1”' }))
    expect(ui.queryByRole('heading', { name: 'Conversations' })).not.toBeNull()

    fireEvent.click(ui.getByRole('button', { name: 'Rename “Topic 1”' }))
    const field = () => ui.getByRole('textbox', { name: 'Conversation name' }) as HTMLInputElement
    for (const bad of ['   ', 'tab\there']) {
      fireEvent.input(field(), { target: { value: bad } })
      fireEvent.submit(field().closest('form') as HTMLFormElement)
      expect(await ui.findByRole('alert')).toHaveProperty(
        'textContent',
        'Use 1 to 100 characters, without control characters.',
      )
      expect(field().getAttribute('aria-invalid')).toBe('true')
    }
    expect(relay.calls.some((c) => c.method === 'PATCH')).toBe(false)
    fireEvent.input(field(), { target: { value: '  Shipping to Norway ' } })
    fireEvent.submit(field().closest('form') as HTMLFormElement)
    await waitFor(() => expect(rows(ui)[0]).toBe('Shipping to Norway'))
    expect(relay.calls.find((c) => c.method === 'PATCH')).toMatchObject({
      path: '/api/conversations/c1',
      body: { name: 'Shipping to Norway' },
    })
    expect(status(ui)).toBe('Renamed to “Shipping to Norway”.')
    expect(focused()).toBe(ui.getByRole('button', { name: 'Rename “Shipping to Norway”' }))
  })

  it('says so when the relay refuses a rename, and keeps the field', async () => {
    relay.on('PATCH /api/conversations/:id', () => error('bad_request', 400))
    const ui = show()
    await openHistory(ui)
    fireEvent.click(ui.getByRole('button', { name: 'Rename “Topic 1”' }))
    const field = ui.getByRole('textbox', { name: 'Conversation name' }) as HTMLInputElement
    fireEvent.input(field, { target: { value: 'New name' } })
    fireEvent.submit(field.closest('form') as HTMLFormElement)
    expect((await ui.findByRole('alert')).textContent).toBe('That did not work. Try again.')
    expect(field.value).toBe('New name')
    expect(rows(ui)).toEqual([undefined, 'Topic 2', 'Topic 3'])
  })

  it('deletes after a confirmation that starts on Cancel; focus moves to the next conversation', async () => {
    const ui = show()
    await openHistory(ui)
    fireEvent.click(ui.getByRole('button', { name: 'Delete “Topic 2”' }))
    const group = ui.getByRole('group', { name: 'Delete “Topic 2”? This cannot be undone.' })
    expect(focused()).toBe(within(group).getByRole('button', { name: 'Cancel' }))
    fireEvent.keyDown(group, { key: 'Escape' })
    expect(ui.queryByRole('group')).toBeNull()
    expect(focused()).toBe(ui.getByRole('button', { name: 'Delete “Topic 2”' }))
    expect(relay.calls.some((c) => c.method === 'DELETE')).toBe(false)

    fireEvent.click(ui.getByRole('button', { name: 'Delete “Topic 2”' }))
    fireEvent.click(ui.getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(rows(ui)).toEqual(['Topic 1', 'Topic 3']))
    expect(relay.calls.find((c) => c.method === 'DELETE')?.path).toBe('/api/conversations/c2')
    expect(status(ui)).toBe('“Topic 2” deleted.')
    expect(focused()?.closest('li')?.querySelector('.nm')?.textContent).toBe('Topic 3')
  })

  it('starts afresh when the conversation on screen is deleted', async () => {
    sessionStorage.setItem(
      storageKey(RELAY),
      JSON.stringify({ token: 'tok0', conversationId: 'c1' }),
    )
    const ui = show()
    await act(() => widget.chat.restore())
    expect(widget.chat.$messages.get()).toHaveLength(2)
    await openHistory(ui)
    fireEvent.click(ui.getByRole('button', { name: 'Delete “Topic 1”' }))
    fireEvent.click(ui.getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(rows(ui)).toEqual(['Topic 2', 'Topic 3']))
    expect(widget.session.$session.get().conversationId).toBeNull()
    expect(widget.chat.$messages.get()).toEqual([])
  })

  it('starts a new conversation from the view, and goes back with Escape', async () => {
    sessionStorage.setItem(
      storageKey(RELAY),
      JSON.stringify({ token: 'tok0', conversationId: 'c1' }),
    )
    const ui = show()
    await openHistory(ui)
    fireEvent.keyDown(ui.getByRole('heading', { name: 'Conversations' }), { key: 'Escape' })
    await waitFor(() => expect(ui.queryByRole('heading', { name: 'Conversations' })).toBeNull())
    expect(focused()).toBe(ui.getByRole('button', { name: 'Conversations' }))
    expect(widget.session.$session.get().conversationId).toBe('c1')
    await openHistory(ui)
    // The panel's own "new conversation" button works from the view too.
    fireEvent.click(ui.getByRole('button', { name: 'New conversation' }))
    await waitFor(() => expect(ui.queryByRole('heading', { name: 'Conversations' })).toBeNull())
    expect(widget.session.$session.get().conversationId).toBeNull()
    expect(focused()?.getAttribute('data-parley')).toBe('input')
  })

  it('says when there are none, and when the list cannot be loaded (Retry works)', async () => {
    conversations = []
    let fail = true
    relay.on('GET /api/conversations', () =>
      fail ? error('upstream_unavailable', 503) : json({ conversations: [], hasMore: false }),
    )
    const ui = show()
    fireEvent.click(ui.getByRole('button', { name: 'Conversations' }))
    expect(await ui.findByText(/could not be loaded/)).not.toBeNull()
    fail = false
    fireEvent.click(ui.getByRole('button', { name: 'Retry' }))
    await waitFor(() => expect(status(ui)).toBe('No conversations yet.'))
    expect(ui.getByText('No conversations yet.', { selector: 'p' })).not.toBeNull()
  })

  it('forgets this browser for an anonymous visitor: storage emptied, the list gone', async () => {
    sessionStorage.setItem(
      storageKey(RELAY),
      JSON.stringify({ token: 'tok0', conversationId: 'c1' }),
    )
    const ui = show()
    await openHistory(ui)
    fireEvent.click(ui.getByRole('button', { name: 'Forget me on this device' }))
    const group = ui.getByRole('group', { name: /Remove this chat’s data/ })
    fireEvent.click(within(group).getByRole('button', { name: 'Forget me on this device' }))
    expect(sessionStorage.getItem(storageKey(RELAY))).toBeNull()
    expect(widget.session.$session.get()).toEqual({ token: null, conversationId: null, user: null })
    expect(rows(ui)).toEqual([])
    expect(status(ui)).toBe('This browser no longer keeps your chat.')
  })

  it('offers "forget me" to anonymous visitors only', async () => {
    const token = `x.${btoa(JSON.stringify({ sub: 'ada' }))}.y`
    const ui = show({ config: { userToken: token } })
    await openHistory(ui)
    expect(ui.queryByRole('button', { name: 'Forget me on this device' })).toBeNull()
  })

  it('is in the widget language', async () => {
    const ui = show({ lang: 'de' })
    fireEvent.click(ui.getByRole('button', { name: 'Gespräche' }))
    await ui.findByRole('heading', { name: 'Gespräche' })
    expect(await ui.findByRole('button', { name: '„Topic 1“ umbenennen' })).not.toBeNull()
    expect(status(ui)).toBe('3 Gespräche')
  })
})

describe('the history view with data-persist="browser"', () => {
  it('fetches the list again when another tab deletes, renames or forgets', async () => {
    const ui = show({ config: { persist: 'browser' } })
    await openHistory(ui)
    const other = new BroadcastChannel(storageKey(RELAY))
    conversations = conversations.filter((c) => c.id !== 'c2')
    other.postMessage({ type: 'deleted', conversationId: 'c2' })
    await waitFor(() => expect(rows(ui)).toEqual(['Topic 1', 'Topic 3']))
    const before = relay.calls.length
    other.postMessage({ type: 'deleted', conversationId: 'x'.repeat(500) })
    other.postMessage('forgotten')
    await new Promise((r) => setTimeout(r, 50))
    expect(relay.calls.length, 'malformed messages are ignored').toBe(before)
    other.close()
  })

  it('tells the other tabs what it deleted', async () => {
    const ui = show({ config: { persist: 'browser' } })
    await openHistory(ui)
    const other = new BroadcastChannel(storageKey(RELAY))
    const heard: unknown[] = []
    other.onmessage = ({ data }) => heard.push(data)
    fireEvent.click(ui.getByRole('button', { name: 'Delete “Topic 1”' }))
    fireEvent.click(ui.getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(heard).toEqual([{ type: 'deleted', conversationId: 'c1' }]))
    other.close()
  })
})
