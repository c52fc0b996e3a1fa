import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { error, type FakeRelay, fakeRelay, historyTurn, json, sse } from '../../test/fake-relay.ts'
import { type TestWidget, testWidget } from '../../test/widget.tsx'
import { storageKey } from '../config.ts'
import type { MathRenderer } from '../markdown/math.ts'
import { mathSyntax } from '../markdown/math-syntax.ts'
import { COMMIT_EVERY_MS } from './answer-stream.ts'
import type { ChatStore } from './chat.ts'
import type { SessionState } from './session.ts'

const RELAY = 'https://relay.test'
let relay: FakeRelay
let widget: TestWidget
let chat: ChatStore

const last = () => chat.$messages.get().at(-1)
const settled = () => vi.waitFor(() => expect(last()?.state).not.toBe('streaming'))
const saved = () => JSON.parse(sessionStorage.getItem(storageKey(RELAY)) ?? '{}')
const conversationId = () => widget.session.$session.get().conversationId

/** Starts the widget's stores (again: a reload), from what this tab saved, or from `session`. */
function start(session?: Partial<SessionState>): ChatStore {
  if (session) sessionStorage.setItem(storageKey(RELAY), JSON.stringify(session))
  widget = testWidget({ fetch: relay.fetch })
  chat = widget.chat
  return chat
}

beforeEach(() => {
  sessionStorage.clear()
  relay = fakeRelay(RELAY)
})

afterEach(() => {
  chat.reset()
  widget.destroy()
})

describe('the chat store', () => {
  it('streams an answer, keeps the conversation id and announces the complete answer', async () => {
    start()
    relay.on('POST /api/chat', () =>
      sse([
        { type: 'start', conversationId: 'c1', messageId: 'm1', taskId: 't1' },
        { type: 'delta', text: 'Hel' },
        'event: delta\ndata: {"te',
        'xt":"lo"}\n\n',
        { type: 'end', messageId: 'm1', sources: [{ title: 'Doc', snippet: 'x' }] },
      ]),
    )
    const seen: unknown[] = []
    const onMessage = (e: Event) => seen.push((e as CustomEvent).detail)
    addEventListener('parley:message', onMessage)
    expect(chat.send('  hi  ')).toBe(true)
    expect(chat.$messages.get().map((m) => [m.role, m.state])).toEqual([
      ['user', 'done'],
      ['assistant', 'streaming'],
    ])
    await settled()
    removeEventListener('parley:message', onMessage)
    expect(last()).toMatchObject({
      text: 'Hello',
      state: 'done',
      messageId: 'm1',
      sources: [{ title: 'Doc' }],
    })
    expect(chat.$announcement.get()).toBe('Hello')
    expect(saved()).toEqual({ token: 'tok1', conversationId: 'c1', user: null })
    expect(relay.calls.find((c) => c.path === '/api/chat')).toMatchObject({
      auth: 'Bearer tok1',
      body: { query: 'hi' },
    })
    expect(seen).toEqual([
      { role: 'user', text: 'hi' },
      { role: 'assistant', text: 'Hello', messageId: 'm1', conversationId: 'c1' },
    ])
  })

  it('announces the answer as plain text: no marks, no thinking', async () => {
    start()
    relay.on('POST /api/chat', () =>
      sse([
        { type: 'delta', text: '<think>Plan it.</think>**Bold** and [a link](https://a.test)' },
        { type: 'end', messageId: 'm1', sources: [] },
      ]),
    )
    chat.send('hi')
    await settled()
    expect(chat.$announcement.get()).toBe('Bold and a link')
  })

  it('announces an answer with math once the math chunk is here, without TeX delimiters', async () => {
    let arrive: (chunk: MathRenderer) => void = () => {}
    const math = vi.fn(() => new Promise<MathRenderer>((resolve) => (arrive = resolve)))
    widget = testWidget({ fetch: relay.fetch, math })
    chat = widget.chat
    relay.on('POST /api/chat', () =>
      sse([
        { type: 'delta', text: 'Area $\\pi r^2$ for $5.' },
        { type: 'end', messageId: 'm1', sources: [] },
      ]),
    )
    chat.send('hi')
    await settled()
    expect(chat.$announcement.get()).toBe('')
    arrive({ render: () => document.createElement('math'), syntax: mathSyntax })
    await vi.waitFor(() => expect(chat.$announcement.get()).toBe('Area \\pi r^2 for $5.'))
    expect(math).toHaveBeenCalledTimes(1)
  })

  it(`updates a streaming answer at most every ${COMMIT_EVERY_MS} ms, however fast deltas come`, async () => {
    start()
    const deltas = Array.from({ length: 40 }, (_, i) => ({ type: 'delta' as const, text: `${i} ` }))
    relay.on('POST /api/chat', () =>
      sse([...deltas, { type: 'end', messageId: 'm1', sources: [] }], { pace: 10 }),
    )
    const texts: string[] = []
    const off = chat.$messages.listen((messages) => {
      const answer = messages.at(-1)
      if (answer?.state === 'streaming' && answer.text) texts.push(answer.text)
    })
    const started = performance.now()
    chat.send('hi')
    await settled()
    off()
    const elapsed = performance.now() - started
    expect(last()?.text).toBe(deltas.map((d) => d.text).join(''))
    // 40 deltas 10 ms apart: about 400 ms of streaming, so a handful of updates, not one per delta.
    expect(texts.length).toBeGreaterThanOrEqual(2)
    expect(texts.length).toBeLessThanOrEqual(Math.ceil(elapsed / COMMIT_EVERY_MS) + 1)
    expect(new Set(texts).size).toBe(texts.length)
  })

  it('refuses empty messages and a second message while streaming', async () => {
    start()
    let release = () => {}
    relay.on('POST /api/chat', () =>
      sse([{ type: 'delta', text: 'x' }], { hold: new Promise((r) => (release = r)) }),
    )
    expect(chat.send('   ')).toBe(false)
    expect(chat.send('one')).toBe(true)
    expect(chat.send('two')).toBe(false)
    release()
  })

  it('stops: aborts the stream, keeps the text and tells the relay', async () => {
    start()
    relay.on('POST /api/chat', ({ signal }) => {
      const hold = new Promise<void>((r) => signal?.addEventListener('abort', () => r()))
      return sse(
        [
          { type: 'start', conversationId: 'c1', messageId: 'm1', taskId: 't1' },
          { type: 'delta', text: 'Part' },
        ],
        {
          hold,
        },
      )
    })
    relay.on('POST /api/chat/:task/stop', () => json({ ok: true }))
    chat.send('hi')
    await vi.waitFor(() => expect(last()?.text).toBe('Part'))
    chat.stop()
    expect(last()).toMatchObject({ state: 'done', text: 'Part', stopped: true })
    await vi.waitFor(() => expect(relay.calls.map((c) => c.path)).toContain('/api/chat/t1/stop'))
  })

  it('takes the next message once an answer ended, even before its stream closed', async () => {
    start()
    let release = () => {}
    relay.on('POST /api/chat', () =>
      sse(
        [
          { type: 'start', conversationId: 'c1', messageId: 'm1', taskId: 't1' },
          { type: 'delta', text: 'One' },
          { type: 'end', messageId: 'm1', sources: [] },
        ],
        { hold: new Promise((r) => (release = r)) },
      ),
    )
    chat.send('one')
    await settled()
    relay.on('POST /api/chat', ({ signal }) =>
      sse([{ type: 'start', conversationId: 'c1', messageId: 'm2', taskId: 't2' }], {
        hold: new Promise((r) => signal?.addEventListener('abort', () => r())),
      }),
    )
    relay.on('POST /api/chat/:task/stop', () => json({ ok: true }))
    expect(chat.send('two')).toBe(true)
    await vi.waitFor(() => expect(last()?.taskId).toBe('t2'))
    release() // the first stream closes now; the second is still the one to stop
    await vi.waitFor(() => expect(chat.$announcement.get()).toBe('One'))
    chat.stop()
    expect(last()).toMatchObject({ state: 'done', stopped: true })
    await vi.waitFor(() => expect(relay.calls.map((c) => c.path)).toContain('/api/chat/t2/stop'))
  })

  it('shows an error event and retries the same question in place', async () => {
    start()
    relay.on('POST /api/chat', () =>
      sse([{ type: 'error', code: 'upstream_timeout', message: 'Too slow', retryable: true }]),
    )
    const errors: unknown[] = []
    const onError = (e: Event) => errors.push((e as CustomEvent).detail)
    addEventListener('parley:error', onError)
    chat.send('hi')
    await settled()
    removeEventListener('parley:error', onError)
    expect(last()).toMatchObject({
      state: 'error',
      error: { code: 'upstream_timeout', message: 'Too slow' },
    })
    expect(errors).toEqual([{ code: 'upstream_timeout', message: 'Too slow' }])

    relay.on('POST /api/chat', () =>
      sse([
        { type: 'delta', text: 'ok' },
        { type: 'end', messageId: 'm2', sources: [] },
      ]),
    )
    const id = last()?.id as string
    chat.retry(id)
    await settled()
    expect(chat.$messages.get()).toHaveLength(2)
    expect(last()).toMatchObject({ id, state: 'done', text: 'ok' })
  })

  it('marks an answer whose stream broke off as a retryable error', async () => {
    start()
    relay.on('POST /api/chat', () => sse([{ type: 'delta', text: 'half' }]))
    chat.send('hi')
    await settled()
    expect(last()).toMatchObject({ state: 'error', text: 'half', error: { retryable: true } })
  })

  it('recovers an answer that broke off mid-stream from history', async () => {
    start()
    relay.on('POST /api/chat', () =>
      sse([
        { type: 'start', conversationId: 'c1', messageId: 'm1', taskId: 't1' },
        { type: 'delta', text: 'The be' },
      ]),
    )
    relay.on('GET /api/conversations/:id/messages', () =>
      json({
        hasMore: false,
        messages: [historyTurn({ answer: 'The best answer.' })],
      }),
    )
    chat.send('hi')
    await vi.waitFor(() => expect(last()?.state).toBe('done'), { timeout: 3000 })
    expect(last()).toMatchObject({ text: 'The best answer.', messageId: 'm1' })
    expect(chat.$messages.get()).toHaveLength(2)
  })

  it('shows a mid-answer error once history confirms the answer failed', async () => {
    start()
    relay.on('POST /api/chat', () =>
      sse([
        { type: 'start', conversationId: 'c1', messageId: 'm1', taskId: 't1' },
        { type: 'delta', text: 'Par' },
        {
          type: 'error',
          code: 'upstream_error',
          message: 'The model is overloaded.',
          retryable: true,
        },
      ]),
    )
    relay.on('GET /api/conversations/:id/messages', () =>
      json({
        hasMore: false,
        messages: [historyTurn({ status: 'error', error: 'x' })],
      }),
    )
    chat.send('hi')
    await vi.waitFor(() => expect(last()?.state).toBe('error'), { timeout: 3000 })
    expect(last()).toMatchObject({
      text: 'Par',
      error: { code: 'upstream_error', message: 'The model is overloaded.' },
    })
  })

  it('maps HTTP errors (429) to an error message', async () => {
    start()
    relay.on('POST /api/chat', () => error('rate_limited', 429, 'Too many messages.'))
    chat.send('hi')
    await settled()
    expect(last()?.error).toEqual({
      code: 'rate_limited',
      message: 'Too many messages.',
      retryable: true,
      until: 0,
    })
  })

  it('gets a new session on 401 and retries once', async () => {
    start({ token: 'expired', conversationId: null })
    let attempts = 0
    relay.on('POST /api/chat', ({ headers }) =>
      ++attempts === 1 || headers.get('authorization') === 'Bearer expired'
        ? error('unauthorized', 401)
        : sse([
            { type: 'delta', text: 'ok' },
            { type: 'end', messageId: 'm', sources: [] },
          ]),
    )
    chat.send('hi')
    await settled()
    expect(last()).toMatchObject({ state: 'done', text: 'ok' })
    expect(relay.calls.map((c) => `${c.method} ${c.path} ${c.auth}`)).toEqual([
      'POST /api/chat Bearer expired',
      'POST /api/session null',
      'POST /api/chat Bearer tok1',
    ])
    // The refused session is renewed: the same visitor, with their conversations (VISITOR_TTL).
    expect(relay.calls[1]?.body).toEqual({ renew: 'expired' })
    expect(saved().token).toBe('tok1')
  })

  it('starts as a new visitor when the relay will not renew the expired session', async () => {
    start({ token: 'expired', conversationId: null })
    relay.on('POST /api/session', ({ body }) =>
      body
        ? error('unauthorized', 401)
        : json({ token: 'fresh', expiresAt: '2099-01-01T00:00:00Z' }, 201),
    )
    relay.on('POST /api/chat', ({ headers }) =>
      headers.get('authorization') === 'Bearer expired'
        ? error('unauthorized', 401)
        : sse([
            { type: 'delta', text: 'ok' },
            { type: 'end', messageId: 'm', sources: [] },
          ]),
    )
    chat.send('hi')
    await settled()
    expect(last()).toMatchObject({ state: 'done', text: 'ok' })
    expect(relay.calls.map((c) => [c.path, c.body ?? null])).toEqual([
      ['/api/chat', { query: 'hi' }],
      ['/api/session', { renew: 'expired' }],
      ['/api/session', null],
      ['/api/chat', { query: 'hi' }],
    ])
    expect(saved().token).toBe('fresh')
  })

  it('starts a new conversation transparently when the relay forgot the old one', async () => {
    start({ token: 'tok0', conversationId: 'gone' })
    relay.on('POST /api/chat', ({ body }) =>
      (body as { conversationId?: string }).conversationId
        ? error('not_found', 404)
        : sse([
            { type: 'start', conversationId: 'fresh', messageId: 'm', taskId: 't' },
            { type: 'end', messageId: 'm', sources: [] },
          ]),
    )
    chat.send('hi')
    await settled()
    expect(last()?.state).toBe('done')
    expect(conversationId()).toBe('fresh')
  })

  it('restores the conversation after a reload in the same tab', async () => {
    start()
    relay.on('POST /api/chat', () =>
      sse([
        { type: 'start', conversationId: 'c1', messageId: 'm1', taskId: 't1' },
        { type: 'delta', text: 'Answer' },
        { type: 'end', messageId: 'm1', sources: [] },
      ]),
    )
    chat.send('Question')
    await settled()
    // "Reload": forget everything in memory, start again from sessionStorage.
    widget.destroy()
    relay = fakeRelay(RELAY)
    relay.on('GET /api/conversations/:id/messages', ({ url }) =>
      json({
        hasMore: false,
        messages: url.pathname.includes('/c1/')
          ? [historyTurn({ query: 'Question', answer: 'Answer' })]
          : [],
      }),
    )
    start()
    expect(widget.session.$session.get()).toEqual({
      token: 'tok1',
      conversationId: 'c1',
      user: null,
    })
    await chat.restore()
    expect(chat.$messages.get().map((m) => [m.role, m.text])).toEqual([
      ['user', 'Question'],
      ['assistant', 'Answer'],
    ])
    expect(relay.calls[0]).toMatchObject({
      path: '/api/conversations/c1/messages',
      auth: 'Bearer tok1',
    })
  })

  it('drops a conversation the relay no longer knows on restore', async () => {
    start({ token: 't', conversationId: 'gone' })
    await chat.restore()
    expect(conversationId()).toBeNull()
    expect(chat.$messages.get()).toEqual([])
  })

  it('rates answers (and reverts when the relay refuses), fetches suggestions when enabled', async () => {
    relay.on('GET /api/app', () =>
      json({ title: 'A', suggestedQuestions: [], features: { suggestionsAfterAnswer: true } }),
    )
    start()
    await widget.appInfo.load()
    relay.on('POST /api/chat', () =>
      sse([
        { type: 'delta', text: 'A' },
        { type: 'end', messageId: 'm1', sources: [] },
      ]),
    )
    relay.on('GET /api/messages/:id/suggested', () => json({ questions: ['q1', 'q2', 'q3', 'q4'] }))
    relay.on('POST /api/messages/:id/feedback', () => json({ ok: true }))
    chat.send('hi')
    await settled()
    await vi.waitFor(() => expect(chat.$suggestions.get()).toEqual(['q1', 'q2', 'q3']))
    const id = last()?.id as string
    await chat.rate(id, 'like')
    expect(last()?.feedback).toBe('like')
    expect(relay.calls.at(-1)).toMatchObject({
      path: '/api/messages/m1/feedback',
      body: { rating: 'like' },
    })
    await chat.rate(id, 'like')
    expect(last()?.feedback).toBeNull()
    relay.on('POST /api/messages/:id/feedback', () => error('upstream_error', 502))
    await chat.rate(id, 'dislike')
    expect(last()?.feedback).toBeNull()
  })

  it('asks for follow-up questions once the app info arrives, when an answer was quicker', async () => {
    relay.on('GET /api/app', () =>
      json({ title: 'A', suggestedQuestions: [], features: { suggestionsAfterAnswer: true } }),
    )
    relay.on('POST /api/chat', () =>
      sse([
        { type: 'delta', text: 'A' },
        { type: 'end', messageId: 'm1', sources: [] },
      ]),
    )
    relay.on('GET /api/messages/:id/suggested', () => json({ questions: ['q1'] }))
    start()
    chat.send('hi')
    await settled()
    expect(relay.calls.some((c) => c.path.endsWith('/suggested'))).toBe(false)
    await widget.appInfo.load()
    await vi.waitFor(() => expect(chat.$suggestions.get()).toEqual(['q1']))
  })

  it('starts over on reset', async () => {
    relay.on('GET /api/conversations/:id/messages', () =>
      json({
        hasMore: false,
        messages: [historyTurn({ query: 'a', answer: 'b' })],
      }),
    )
    start({ token: 't', conversationId: 'c1' })
    await chat.restore()
    expect(chat.$messages.get()).toHaveLength(2)
    chat.reset()
    expect(chat.$messages.get()).toEqual([])
    expect(conversationId()).toBeNull()
    expect(saved()).toEqual({ token: 't', conversationId: null, user: null })
  })
})

describe('chat stores', () => {
  it('share nothing: each has its own messages, stream and session', async () => {
    let release = () => {}
    relay.on('POST /api/chat', () =>
      sse([{ type: 'start', conversationId: 'c1', messageId: 'm1', taskId: 't1' }], {
        hold: new Promise((r) => (release = r)),
      }),
    )
    start()
    const other = fakeRelay('https://other.test')
    other.on('POST /api/chat', () =>
      sse([
        { type: 'start', conversationId: 'c2', messageId: 'x1', taskId: 'x' },
        { type: 'delta', text: 'Other' },
        { type: 'end', messageId: 'x1', sources: [] },
      ]),
    )
    const second = testWidget({ config: { relay: 'https://other.test' }, fetch: other.fetch })
    try {
      expect(chat.send('one')).toBe(true)
      await vi.waitFor(() => expect(conversationId()).toBe('c1'))
      expect(second.chat.$messages.get()).toEqual([])
      expect(second.chat.$streaming.get()).toBe(false)
      // The first chat is streaming; the second still takes a message, with ids of its own.
      expect(second.chat.send('two')).toBe(true)
      expect(second.chat.$messages.get().map((m) => m.id)).toEqual(
        chat.$messages.get().map((m) => m.id),
      )
      await vi.waitFor(() => expect(second.chat.$streaming.get()).toBe(false))
      expect(second.chat.$messages.get().at(-1)).toMatchObject({ state: 'done', text: 'Other' })
      expect(second.session.$session.get().conversationId).toBe('c2')
      expect(chat.$streaming.get()).toBe(true)
      expect(last()?.state).toBe('streaming')
      second.chat.reset()
      expect(chat.$messages.get()).toHaveLength(2)
      expect(conversationId()).toBe('c1')
    } finally {
      release()
      second.destroy()
    }
  })
})

describe('destroy', () => {
  afterEach(() => vi.useRealTimers())

  const toFake = [
    'setTimeout',
    'clearTimeout',
    'requestAnimationFrame',
    'cancelAnimationFrame',
    'Date',
  ] as const

  it('aborts the stream in flight and leaves no timer (not even the pending commit)', async () => {
    const aborted = vi.fn()
    relay.on('POST /api/chat', ({ signal }) => {
      const hold = new Promise<void>((r) =>
        signal?.addEventListener('abort', () => {
          aborted()
          r()
        }),
      )
      return sse(
        [
          { type: 'start', conversationId: 'c1', messageId: 'm1', taskId: 't1' },
          { type: 'delta', text: 'Hel' },
        ],
        { hold, pace: 10 },
      )
    })
    start()
    vi.useFakeTimers({ toFake: [...toFake] })
    chat.send('hi')
    // "start" is committed at once; "Hel", 10 ms later, waits for the next commit.
    await vi.advanceTimersByTimeAsync(25)
    expect(vi.getTimerCount()).toBeGreaterThan(0) // the commit of "Hel"
    widget.destroy()
    expect(aborted).toHaveBeenCalled()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('stops polling history for a broken-off answer and leaves no timer', async () => {
    relay.on('POST /api/chat', () =>
      sse([
        { type: 'start', conversationId: 'c1', messageId: 'm1', taskId: 't1' },
        { type: 'delta', text: 'Half' },
      ]),
    )
    relay.on('GET /api/conversations/:id/messages', () => json({ hasMore: false, messages: [] }))
    start()
    vi.useFakeTimers({ toFake: [...toFake] })
    chat.send('hi')
    await vi.advanceTimersByTimeAsync(2000)
    expect(relay.calls.filter((c) => c.path.endsWith('/messages')).length).toBeGreaterThan(0)
    expect(vi.getTimerCount()).toBeGreaterThan(0) // the next poll's wait
    widget.destroy()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('clears the timer that brings retry back after a rate limit', async () => {
    relay.on('POST /api/chat', () => error('rate_limited', 429, 'Please try again in 30 s.'))
    start()
    vi.useFakeTimers({ toFake: [...toFake] })
    chat.send('hi')
    await vi.advanceTimersByTimeAsync(5)
    expect(last()?.state).toBe('error')
    expect(vi.getTimerCount()).toBe(1)
    widget.destroy()
    expect(vi.getTimerCount()).toBe(0)
  })
})
