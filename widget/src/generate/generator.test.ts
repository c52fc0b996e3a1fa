import type { AppInput, AppMode } from '@parley/shared'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { error, type FakeRelay, fakeRelay, json, sse } from '../../test/fake-relay.ts'
import { type TestWidget, testWidget } from '../../test/widget.tsx'
import { storageKey } from '../config.ts'
import { createGenerator, type GeneratorStore, KEEP_RESULTS, outputsText } from './generator.ts'

const RELAY = 'https://relay.test'
const TOPIC: AppInput = { variable: 'topic', label: 'Topic', type: 'text-input', required: true }
const KEY = `${storageKey(RELAY)}:results`
let relay: FakeRelay
let widget: TestWidget
let store: GeneratorStore

const latest = () => store.$results.get()[0]
const settled = () => vi.waitFor(() => expect(store.$running.get()).toBe(false))
const saved = () => JSON.parse(sessionStorage.getItem(KEY) ?? 'null')

async function start(mode: AppMode = 'completion', config = {}, load = true) {
  relay.on('GET /api/app', () => json({ mode, inputs: [TOPIC], look: {}, features: {} }))
  widget = testWidget({ fetch: relay.fetch, generate: true, config })
  if (load) await widget.appInfo.load()
  store = (await widget.view.generate?.())?.store as GeneratorStore
  return store
}

/** The page's `message` and `error` events, in order. */
let seen: [string, unknown][] = []
const record = (e: Event) => seen.push([e.type.slice(7), (e as CustomEvent).detail])

beforeEach(() => {
  sessionStorage.clear()
  relay = fakeRelay(RELAY)
  seen = []
  addEventListener('parley:message', record)
  addEventListener('parley:error', record)
})

afterEach(() => {
  widget.destroy()
  removeEventListener('parley:message', record)
  removeEventListener('parley:error', record)
})

describe('the generator store', () => {
  it('streams a text generator’s result from the inputs over data-inputs, saves and announces it', async () => {
    await start('completion', { inputs: { tone: 'calm' } })
    relay.on('POST /api/completion', () =>
      sse([
        { type: 'start', conversationId: '', messageId: 'm1', taskId: 'tk1' },
        { type: 'delta', text: '**Tea** is ' },
        { type: 'delta', text: 'good.' },
        { type: 'end', messageId: 'm1', sources: [] },
      ]),
    )
    expect(store.generate({ topic: 'tea' })).toBe(true)
    expect(store.generate({ topic: 'again' })).toBe(false)
    expect(latest()).toMatchObject({ state: 'streaming', inputs: { tone: 'calm', topic: 'tea' } })
    await settled()
    expect(latest()).toMatchObject({ state: 'done', text: '**Tea** is good.', messageId: 'm1' })
    expect(relay.calls.find((c) => c.path === '/api/completion')?.body).toEqual({
      inputs: { tone: 'calm', topic: 'tea' },
    })
    expect(store.$announcement.get()).toBe('Tea is good.')
    expect(seen).toContainEqual([
      'message',
      {
        role: 'assistant',
        text: '**Tea** is good.',
        messageId: 'm1',
        inputs: { tone: 'calm', topic: 'tea' },
      },
    ])
    expect(saved().results).toMatchObject([{ text: '**Tea** is good.', messageId: 'm1' }])
    expect(widget.panel.$panel.get().unread).toBe(true)
  })

  it('shows a workflow’s listed outputs when it streamed no text; a run id is nothing to rate', async () => {
    await start('workflow')
    relay.on('POST /api/workflow', () =>
      sse(
        [
          { type: 'start', conversationId: '', messageId: 'run1', taskId: 'tk1' },
          { type: 'status', label: 'Summarise' },
          { type: 'end', messageId: 'run1', sources: [], outputs: { summary: 'Short.', n: '3' } },
        ],
        { pace: 150 },
      ),
    )
    store.generate({ topic: 'x' })
    await vi.waitFor(() => expect(latest()?.steps).toEqual(['Summarise']))
    await settled()
    expect(latest()).toMatchObject({ state: 'done', outputs: { summary: 'Short.', n: '3' } })
    expect(latest()?.text).toBe('**summary**\n\nShort.\n\n**n**\n\n3')
    expect(latest()?.messageId).toBeUndefined()
    expect(seen[0]?.[1]).toMatchObject({ outputs: { summary: 'Short.', n: '3' } })
  })

  it('turns one output into the text itself', () => {
    expect(outputsText({ answer: '# Title' })).toBe('# Title')
  })

  it('fails a run the stream broke off with its error, keeping what arrived, and tells the page', async () => {
    await start()
    relay.on('POST /api/completion', () =>
      sse([
        { type: 'start', conversationId: '', messageId: 'm1', taskId: 'tk1' },
        { type: 'delta', text: 'Half' },
        { type: 'error', code: 'upstream_error', message: 'The model failed.', retryable: true },
      ]),
    )
    store.generate({ topic: 'x' })
    await settled()
    expect(latest()).toMatchObject({
      state: 'error',
      text: 'Half',
      error: { code: 'upstream_error', message: 'The model failed.' },
    })
    expect(seen).toEqual([['error', { code: 'upstream_error', message: 'The model failed.' }]])
  })

  it('shows the relay’s refusal (a required input missing) as the result’s error', async () => {
    await start()
    relay.on('POST /api/completion', () => error('bad_request', 400, 'Topic is required.'))
    store.generate({})
    await settled()
    expect(latest()).toMatchObject({
      state: 'error',
      error: { code: 'bad_request', message: 'Topic is required.' },
    })
  })

  it('shows a refusal the app’s relay client threw, though this chunk has its own RelayError class', async () => {
    await start()
    // What the app bundle's RelayError looks like from inside the generate chunk: another class.
    class AppRelayError extends Error {
      code = 'bad_request' as const
      retryable = false
      wait = 0
      appLimit = false
    }
    const own = createGenerator({
      relay: {
        chat: () => Promise.reject(new AppRelayError('Topic is required.')),
        feedback: relay.fetch as never,
        request: relay.fetch as never,
      },
      session: widget.session,
      app: widget.appInfo,
      inputs: null,
      storage: null,
      key: 'k',
      plainText: (t) => t,
      markUnread: () => {},
      emit: widget.emit,
    })
    own.generate({})
    await vi.waitFor(() => expect(own.$running.get()).toBe(false))
    expect(own.$results.get()[0]?.error).toMatchObject({
      code: 'bad_request',
      message: 'Topic is required.',
      retryable: false,
    })
    own.destroy()
  })

  it('stops a run through the stop route of its kind, keeping what arrived', async () => {
    await start('workflow')
    let release = () => {}
    const hold = new Promise<void>((r) => {
      release = r
    })
    relay.on('POST /api/workflow', () =>
      sse(
        [
          { type: 'start', conversationId: '', messageId: 'r1', taskId: 'signed.tk' },
          { type: 'delta', text: 'So far' },
        ],
        { hold },
      ),
    )
    relay.on('POST /api/workflow/:task/stop', () => json({ ok: true }))
    store.generate({ topic: 'x' })
    await vi.waitFor(() => expect(latest()?.text).toBe('So far'))
    store.stop()
    release()
    expect(store.$running.get()).toBe(false)
    expect(latest()).toMatchObject({ state: 'done', stopped: true, text: 'So far' })
    await vi.waitFor(() =>
      expect(relay.calls.map((c) => c.path)).toContain('/api/workflow/signed.tk/stop'),
    )
  })

  it('runs a result’s inputs again as a new result, keeping the newest ten', async () => {
    await start()
    let n = 0
    relay.on('POST /api/completion', () =>
      sse([
        { type: 'delta', text: `Take ${++n}` },
        { type: 'end', messageId: `m${n}`, sources: [] },
      ]),
    )
    store.generate({ topic: 'a' })
    await settled()
    const first = latest()?.id as string
    store.retry(first)
    await settled()
    expect(store.$results.get().map((r) => [r.text, r.inputs])).toEqual([
      ['Take 2', { topic: 'a' }],
      ['Take 1', { topic: 'a' }],
    ])
    for (let i = 0; i < KEEP_RESULTS; i++) {
      store.regenerate(first === latest()?.id ? first : (latest()?.id as string))
      await settled()
    }
    expect(store.$results.get()).toHaveLength(KEEP_RESULTS)
    expect(latest()?.text).toBe(`Take ${KEEP_RESULTS + 2}`)
  })

  it('rates a text generator’s result, withdraws it, and reverts when the relay refuses', async () => {
    await start()
    relay.on('POST /api/completion', () =>
      sse([
        { type: 'delta', text: 'Hi' },
        { type: 'end', messageId: 'm1', sources: [] },
      ]),
    )
    relay.on('POST /api/messages/:id/feedback', () => json({ ok: true }))
    store.generate({ topic: 'a' })
    await settled()
    const id = latest()?.id as string
    await store.rate(id, 'like')
    expect(latest()?.feedback).toBe('like')
    expect(saved().results[0].feedback).toBe('like')
    await store.rate(id, 'like')
    expect(latest()?.feedback).toBeNull()
    relay.on('POST /api/messages/:id/feedback', () => error('upstream_error', 502))
    await store.rate(id, 'dislike')
    expect(latest()?.feedback).toBeNull()
    expect(
      relay.calls.filter((c) => c.path === '/api/messages/m1/feedback').map((c) => c.body),
    ).toEqual([{ rating: 'like' }, { rating: null }, { rating: 'dislike' }])
  })

  it('brings this tab’s results back after a reload, for the same user only, ignoring junk', async () => {
    sessionStorage.setItem(
      KEY,
      JSON.stringify({
        user: null,
        results: [
          {
            id: 'r1',
            text: 'Kept',
            state: 'done',
            inputs: { topic: 'a' },
            at: 1,
            feedback: 'like',
          },
          { id: 'r2', text: 'Half', state: 'streaming', inputs: {}, at: 2 },
          { id: 3, text: 'bad id', state: 'done', inputs: {}, at: 3 },
          'junk',
        ],
      }),
    )
    await start()
    expect(store.$results.get()).toMatchObject([
      { id: 'r1', role: 'assistant', text: 'Kept', feedback: 'like', files: [], sources: [] },
    ])
    widget.destroy()
    sessionStorage.setItem(
      KEY,
      JSON.stringify({
        user: 'someone-else',
        results: [{ id: 'r1', text: 'x', state: 'done', inputs: {}, at: 1 }],
      }),
    )
    await start()
    expect(store.$results.get()).toEqual([])
    widget.destroy()
    sessionStorage.setItem(KEY, '{not json')
    await start()
    expect(store.$results.get()).toEqual([])
  })

  it('forgets the results when another user signs in', async () => {
    sessionStorage.setItem(
      KEY,
      JSON.stringify({
        user: null,
        results: [{ id: 'r1', text: 'Mine', state: 'done', inputs: {}, at: 1 }],
      }),
    )
    await start()
    expect(store.$results.get()).toHaveLength(1)
    widget.session.switchUser('u2')
    expect(store.$results.get()).toEqual([])
  })

  it('waits for the app’s kind before it picks the route', async () => {
    await start('workflow', {}, false)
    relay.on('POST /api/workflow', () =>
      sse([{ type: 'end', messageId: 'r1', sources: [], outputs: { a: 'A' } }]),
    )
    store.generate({ topic: 'x' })
    await settled()
    expect(latest()?.text).toBe('A')
    expect(relay.calls.map((c) => c.path)).not.toContain('/api/completion')
  })

  it('refuses inputs that are no object and a chat app, with a console warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await start('completion')
    expect(store.generate('topic' as unknown as Record<string, unknown>)).toBe(false)
    widget.destroy()
    await start('advanced-chat')
    expect(store.generate({ topic: 'x' })).toBe(false)
    expect(warn.mock.calls.map(([m]) => m)).toEqual([
      '[parley] Parley.generate() takes an object of inputs',
      '[parley] Parley.generate() is for text-generation and workflow apps: this one is a chat (use Parley.send)',
    ])
    expect(store.$results.get()).toEqual([])
    warn.mockRestore()
  })
})
