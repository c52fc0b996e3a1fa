import type { AppInfo } from '@parley/shared'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { error, type FakeRelay, fakeRelay, json, sse } from '../test-utils/fake-relay.ts'
import { $app } from './app.ts'
import { rate, reset, restore, retry, send, stop } from './conversation.ts'
import { $announcement, $messages, $suggestions } from './messages.ts'
import { $session, startSession, storageKey } from './session.ts'

const RELAY = 'https://relay.test'
let relay: FakeRelay
let stopSession: () => void

const last = () => $messages.get().at(-1)
const settled = () => vi.waitFor(() => expect(last()?.state).not.toBe('streaming'))
const saved = () => JSON.parse(sessionStorage.getItem(storageKey(RELAY)) ?? '{}')

beforeEach(() => {
  sessionStorage.clear()
  relay = fakeRelay(RELAY)
  stopSession = startSession(RELAY, relay.fetch)
  $messages.set([])
  $suggestions.set([])
  $announcement.set('')
  $app.set({ info: null, demo: false })
})

afterEach(() => {
  reset()
  stopSession()
})

describe('conversation', () => {
  it('streams an answer, keeps the conversation id and announces the complete answer', async () => {
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
    expect(send('  hi  ')).toBe(true)
    expect($messages.get().map((m) => [m.role, m.state])).toEqual([
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
    expect($announcement.get()).toBe('Hello')
    expect(saved()).toEqual({ token: 'tok1', conversationId: 'c1' })
    expect(relay.calls.find((c) => c.path === '/api/chat')).toMatchObject({
      auth: 'Bearer tok1',
      body: { query: 'hi' },
    })
    expect(seen).toEqual([
      { role: 'user', text: 'hi' },
      { role: 'assistant', text: 'Hello', messageId: 'm1', conversationId: 'c1' },
    ])
  })

  it('refuses empty messages and a second message while streaming', async () => {
    let release = () => {}
    relay.on('POST /api/chat', () =>
      sse([{ type: 'delta', text: 'x' }], { hold: new Promise((r) => (release = r)) }),
    )
    expect(send('   ')).toBe(false)
    expect(send('one')).toBe(true)
    expect(send('two')).toBe(false)
    release()
  })

  it('stops: aborts the stream, keeps the text and tells the relay', async () => {
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
    send('hi')
    await vi.waitFor(() => expect(last()?.text).toBe('Part'))
    stop()
    expect(last()).toMatchObject({ state: 'done', text: 'Part', stopped: true })
    await vi.waitFor(() => expect(relay.calls.map((c) => c.path)).toContain('/api/chat/t1/stop'))
  })

  it('shows an error event and retries the same question in place', async () => {
    relay.on('POST /api/chat', () =>
      sse([{ type: 'error', code: 'upstream_timeout', message: 'Too slow', retryable: true }]),
    )
    const errors: unknown[] = []
    const onError = (e: Event) => errors.push((e as CustomEvent).detail)
    addEventListener('parley:error', onError)
    send('hi')
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
    retry(id)
    await settled()
    expect($messages.get()).toHaveLength(2)
    expect(last()).toMatchObject({ id, state: 'done', text: 'ok' })
  })

  it('marks an answer whose stream broke off as a retryable error', async () => {
    relay.on('POST /api/chat', () => sse([{ type: 'delta', text: 'half' }]))
    send('hi')
    await settled()
    expect(last()).toMatchObject({ state: 'error', text: 'half', error: { retryable: true } })
  })

  it('recovers an answer that broke off mid-stream from history', async () => {
    relay.on('POST /api/chat', () =>
      sse([
        { type: 'start', conversationId: 'c1', messageId: 'm1', taskId: 't1' },
        { type: 'delta', text: 'The be' },
      ]),
    )
    relay.on('GET /api/conversations/:id/messages', () =>
      json({
        hasMore: false,
        messages: [
          {
            id: 'm1',
            conversationId: 'c1',
            query: 'hi',
            answer: 'The best answer.',
            createdAt: 0,
            feedback: null,
            sources: [],
            files: [],
            status: 'normal',
            error: null,
          },
        ],
      }),
    )
    send('hi')
    await vi.waitFor(() => expect(last()?.state).toBe('done'), { timeout: 3000 })
    expect(last()).toMatchObject({ text: 'The best answer.', messageId: 'm1' })
    expect($messages.get()).toHaveLength(2)
  })

  it('shows a mid-answer error once history confirms the answer failed', async () => {
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
        messages: [
          {
            id: 'm1',
            conversationId: 'c1',
            query: 'hi',
            answer: '',
            createdAt: 0,
            feedback: null,
            sources: [],
            files: [],
            status: 'error',
            error: 'x',
          },
        ],
      }),
    )
    send('hi')
    await vi.waitFor(() => expect(last()?.state).toBe('error'), { timeout: 3000 })
    expect(last()).toMatchObject({
      text: 'Par',
      error: { code: 'upstream_error', message: 'The model is overloaded.' },
    })
  })

  it('maps HTTP errors (429) to an error message', async () => {
    relay.on('POST /api/chat', () => error('rate_limited', 429, 'Too many messages.'))
    send('hi')
    await settled()
    expect(last()?.error).toEqual({
      code: 'rate_limited',
      message: 'Too many messages.',
      retryable: true,
      until: 0,
    })
  })

  it('gets a new session on 401 and retries once', async () => {
    $session.set({ token: 'expired', conversationId: null })
    let attempts = 0
    relay.on('POST /api/chat', ({ headers }) =>
      ++attempts === 1 || headers.get('authorization') === 'Bearer expired'
        ? error('unauthorized', 401)
        : sse([
            { type: 'delta', text: 'ok' },
            { type: 'end', messageId: 'm', sources: [] },
          ]),
    )
    send('hi')
    await settled()
    expect(last()).toMatchObject({ state: 'done', text: 'ok' })
    expect(relay.calls.map((c) => `${c.method} ${c.path} ${c.auth}`)).toEqual([
      'POST /api/chat Bearer expired',
      'POST /api/session null',
      'POST /api/chat Bearer tok1',
    ])
    expect(saved().token).toBe('tok1')
  })

  it('starts a new conversation transparently when the relay forgot the old one', async () => {
    $session.set({ token: 'tok0', conversationId: 'gone' })
    relay.on('POST /api/chat', ({ body }) =>
      (body as { conversationId?: string }).conversationId
        ? error('not_found', 404)
        : sse([
            { type: 'start', conversationId: 'fresh', messageId: 'm', taskId: 't' },
            { type: 'end', messageId: 'm', sources: [] },
          ]),
    )
    send('hi')
    await settled()
    expect(last()?.state).toBe('done')
    expect($session.get().conversationId).toBe('fresh')
  })

  it('restores the conversation after a reload in the same tab', async () => {
    relay.on('POST /api/chat', () =>
      sse([
        { type: 'start', conversationId: 'c1', messageId: 'm1', taskId: 't1' },
        { type: 'delta', text: 'Answer' },
        { type: 'end', messageId: 'm1', sources: [] },
      ]),
    )
    send('Question')
    await settled()
    // "Reload": forget everything in memory, start again from sessionStorage.
    stopSession()
    $messages.set([])
    relay = fakeRelay(RELAY)
    relay.on('GET /api/conversations/:id/messages', ({ url }) =>
      json({
        hasMore: false,
        messages: url.pathname.includes('/c1/')
          ? [
              {
                id: 'm1',
                conversationId: 'c1',
                query: 'Question',
                answer: 'Answer',
                createdAt: 0,
                feedback: null,
                sources: [],
                files: [],
                status: 'normal',
                error: null,
              },
            ]
          : [],
      }),
    )
    stopSession = startSession(RELAY, relay.fetch)
    expect($session.get()).toEqual({ token: 'tok1', conversationId: 'c1' })
    await restore()
    expect($messages.get().map((m) => [m.role, m.text])).toEqual([
      ['user', 'Question'],
      ['assistant', 'Answer'],
    ])
    expect(relay.calls[0]).toMatchObject({
      path: '/api/conversations/c1/messages',
      auth: 'Bearer tok1',
    })
  })

  it('drops a conversation the relay no longer knows on restore', async () => {
    $session.set({ token: 't', conversationId: 'gone' })
    await restore()
    expect($session.get().conversationId).toBeNull()
    expect($messages.get()).toEqual([])
  })

  it('rates answers (and reverts when the relay refuses), fetches suggestions when enabled', async () => {
    $app.set({ info: { features: { suggestionsAfterAnswer: true } } as AppInfo, demo: false })
    relay.on('POST /api/chat', () =>
      sse([
        { type: 'delta', text: 'A' },
        { type: 'end', messageId: 'm1', sources: [] },
      ]),
    )
    relay.on('GET /api/messages/:id/suggested', () => json({ questions: ['q1', 'q2', 'q3', 'q4'] }))
    relay.on('POST /api/messages/:id/feedback', () => json({ ok: true }))
    send('hi')
    await settled()
    await vi.waitFor(() => expect($suggestions.get()).toEqual(['q1', 'q2', 'q3']))
    const id = last()?.id as string
    await rate(id, 'like')
    expect(last()?.feedback).toBe('like')
    expect(relay.calls.at(-1)).toMatchObject({
      path: '/api/messages/m1/feedback',
      body: { rating: 'like' },
    })
    await rate(id, 'like')
    expect(last()?.feedback).toBeNull()
    relay.on('POST /api/messages/:id/feedback', () => error('upstream_error', 502))
    await rate(id, 'dislike')
    expect(last()?.feedback).toBeNull()
  })

  it('starts over on reset', async () => {
    $session.set({ token: 't', conversationId: 'c1' })
    $messages.set([
      { id: 'x', role: 'user', text: 'a', state: 'done', files: [], sources: [], feedback: null },
    ])
    reset()
    expect($messages.get()).toEqual([])
    expect($session.get().conversationId).toBeNull()
  })
})
