import { encodeEvent, type HistoryMessage } from '@parley/shared'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { error, type FakeRelay, fakeRelay, historyTurn, json, sse } from '../../test/fake-relay.ts'
import { type TestWidget, testWidget } from '../../test/widget.tsx'
import type { ChatStore } from './chat.ts'
import { RECOVERY_POLLS } from './recover-answer.ts'

let relay: FakeRelay
let widget: TestWidget
let chat: ChatStore
const last = () => chat.$messages.get().at(-1)
const settled = () => vi.waitFor(() => expect(last()?.state).not.toBe('streaming'))

const turn = (answer: string, status: HistoryMessage['status'] = 'normal'): HistoryMessage =>
  historyTurn({ answer, status })

/** An event stream that delivers `text`, then fails the way a dropped connection does. */
function dropped(text: string): Response {
  const chunks = [new TextEncoder().encode(text)]
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks.shift()
      if (chunk) controller.enqueue(chunk)
      else controller.error(new TypeError('network error'))
    },
  })
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
}

const started =
  encodeEvent({ type: 'start', conversationId: 'c1', messageId: 'm1', taskId: 't1' }) +
  encodeEvent({ type: 'delta', text: 'The be' })

function start(fetch: typeof globalThis.fetch = relay.fetch): ChatStore {
  widget = testWidget({ fetch })
  chat = widget.chat
  return chat
}

beforeEach(() => {
  sessionStorage.clear()
  relay = fakeRelay()
  start()
})

afterEach(() => {
  chat.reset()
  widget.destroy()
  vi.useRealTimers()
})

describe('rate limits', () => {
  it('waits for Retry-After before retry is allowed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    relay.on('POST /api/chat', () => {
      const res = error('rate_limited', 429, 'You are sending messages too quickly.')
      res.headers.set('retry-after', '30')
      return res
    })
    chat.send('hi')
    await settled()
    const until = last()?.error?.until ?? 0
    expect(last()?.error?.code).toBe('rate_limited')
    expect(until - Date.now()).toBeGreaterThan(29_000)
    expect(until - Date.now()).toBeLessThanOrEqual(30_000)
    const chats = () => relay.calls.filter((c) => c.path === '/api/chat').length
    chat.retry(last()?.id as string)
    expect(last()?.state).toBe('error')
    vi.setSystemTime(until)
    relay.on('POST /api/chat', () => sse([{ type: 'end', messageId: 'm2', sources: [] }]))
    chat.retry(last()?.id as string)
    expect(last()?.state).toBe('streaming')
    await settled()
    expect(chats()).toBe(2)
    expect(last()?.state).toBe('done')
  })

  it("keeps the app's daily limit apart from this visitor's pace", async () => {
    relay.on('POST /api/chat', () =>
      Response.json(
        {
          error: {
            code: 'rate_limited',
            message: "This assistant has reached today's limit. Please try again in 3600 s.",
            limit: 'app-daily',
          },
        },
        { status: 429, headers: { 'retry-after': '3600' } },
      ),
    )
    chat.send('hi')
    await settled()
    expect(last()?.error).toMatchObject({ code: 'rate_limited', appLimit: true })
    expect((last()?.error?.until ?? 0) - Date.now()).toBeGreaterThan(3_590_000)
  })

  it('reads the wait from the message when the header is missing', async () => {
    relay.on('POST /api/chat', () =>
      error('rate_limited', 429, 'Too many messages from your network. Please try again in 12 s.'),
    )
    const before = Date.now()
    chat.send('hi')
    await settled()
    const until = last()?.error?.until ?? 0
    expect(until - before).toBeGreaterThanOrEqual(12_000)
    expect(until - Date.now()).toBeLessThanOrEqual(12_000)
  })

  it('re-renders the message when the wait is over', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
    relay.on('POST /api/chat', () => error('rate_limited', 429, 'Please try again in 5 s.'))
    chat.send('hi')
    await vi.waitFor(() => expect(last()?.state).toBe('error'))
    const shown = chat.$messages.get()
    await vi.advanceTimersByTimeAsync(5000)
    expect(chat.$messages.get()).not.toBe(shown)
    // A new object: the list renders a message again only when its object changes.
    expect(last()).not.toBe(shown.at(-1))
    expect(last()).toEqual(shown.at(-1))
  })
})

describe('network failures', () => {
  it('shows an offline error with retry when fetch rejects, and never rejects itself', async () => {
    const failing = vi.fn(() => Promise.reject(new TypeError('Failed to fetch')))
    widget.destroy()
    start(failing as unknown as typeof fetch)
    const errors: unknown[] = []
    const onError = (e: Event) => errors.push((e as CustomEvent).detail)
    addEventListener('parley:error', onError)
    chat.send('hi')
    await settled()
    removeEventListener('parley:error', onError)
    expect(last()).toMatchObject({ state: 'error', error: { code: 'offline', retryable: true } })
    expect(errors).toEqual([{ code: 'offline', message: '' }])
  })

  it('ignores garbage frames in the event stream', async () => {
    relay.on('POST /api/chat', () =>
      sse([
        'garbage without a blank line\n',
        'event: start\ndata: {not json}\n\n',
        'event: delta\ndata: {"text":42}\n\n',
        'event: unknown\ndata: {"text":"x"}\n\n',
        'data: {"text":"no event name"}\n\n',
        ':\n\n\u0000\uFFFD\n\n',
        { type: 'start', conversationId: 'c1', messageId: 'm1', taskId: 't1' },
        'event: delta\ndata: ["array"]\n\n',
        { type: 'delta', text: 'Fine' },
        'event: end\ndata: {"sources":"nope"}\n\n',
        { type: 'end', messageId: 'm1', sources: [] },
      ]),
    )
    chat.send('hi')
    await settled()
    expect(last()).toMatchObject({ state: 'done', text: 'Fine', messageId: 'm1' })
  })

  it('fails (retryably) on a 200 that is not an event stream', async () => {
    relay.on('POST /api/chat', () => new Response('<html>proxy page</html>'))
    chat.send('hi')
    await settled()
    expect(last()).toMatchObject({ state: 'error', error: { retryable: true } })
  })
})

describe('no lost answer', () => {
  it('keeps the partial answer, then recovers it from history, polling with growing delays', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
    const polls: number[] = []
    let t0 = 0
    relay.on('POST /api/chat', () => {
      t0 = Date.now()
      return dropped(started)
    })
    relay.on('GET /api/conversations/:id/messages', () => {
      polls.push(Date.now() - t0)
      // Dify saves the answer only when it is complete: the first polls find it empty.
      return json({ hasMore: false, messages: [turn(polls.length < 4 ? '' : 'The best answer.')] })
    })
    chat.send('hi')
    await vi.waitFor(() => expect(last()?.text).toBe('The be'))
    expect(last()?.state).toBe('streaming')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(last()).toMatchObject({ state: 'done', text: 'The best answer.', messageId: 'm1' })
    // 0.5 s, then each wait twice the one before (vi.waitFor above advanced the clock a little).
    expect(polls).toHaveLength(4)
    expect(polls.slice(1).map((at, i) => at - (polls[i] as number))).toEqual([1000, 2000, 4000])
    expect(polls[0]).toBeGreaterThanOrEqual(500)
  })

  it('gives up after a bounded number of polls and shows the partial answer as an error', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
    relay.on('POST /api/chat', () => dropped(started))
    relay.on('GET /api/conversations/:id/messages', () => json({ hasMore: false, messages: [] }))
    chat.send('hi')
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    const polls = relay.calls.filter((c) => c.path.endsWith('/messages')).length
    expect(polls).toBe(RECOVERY_POLLS)
    expect(last()).toMatchObject({
      state: 'error',
      text: 'The be',
      error: { code: 'offline', retryable: true },
    })
  })

  it('keeps polling through failed history calls', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
    let n = 0
    relay.on('POST /api/chat', () => dropped(started))
    relay.on('GET /api/conversations/:id/messages', () =>
      ++n < 3
        ? Promise.reject(new TypeError('offline'))
        : json({ hasMore: false, messages: [turn('The best answer.')] }),
    )
    chat.send('hi')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(last()).toMatchObject({ state: 'done', text: 'The best answer.' })
  })

  it('stops polling when the visitor starts over', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
    relay.on('POST /api/chat', () => dropped(started))
    relay.on('GET /api/conversations/:id/messages', () => json({ hasMore: false, messages: [] }))
    chat.send('hi')
    await vi.advanceTimersByTimeAsync(2000)
    chat.reset()
    const polls = relay.calls.filter((c) => c.path.endsWith('/messages')).length
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    expect(relay.calls.filter((c) => c.path.endsWith('/messages'))).toHaveLength(polls)
    expect(chat.$messages.get()).toEqual([])
  })
})
