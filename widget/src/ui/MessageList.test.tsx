import { cleanup, fireEvent, waitFor } from '@testing-library/preact'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type FakeRelay, fakeRelay, json, sse } from '../../test/fake-relay.ts'
import { renderIn, type TestWidget, testWidget } from '../../test/widget.tsx'
import type { ChatMessage } from '../stores/message.ts'
import { MessageList } from './MessageList.tsx'

/** How often each message (by local id) rendered. */
const renders = vi.hoisted(() => new Map<string, number>())

vi.mock('./Message.tsx', async (original) => {
  const actual = await original<typeof import('./Message.tsx')>()
  return {
    Message(props: { message: ChatMessage }) {
      renders.set(props.message.id, (renders.get(props.message.id) ?? 0) + 1)
      return actual.Message(props)
    },
  }
})

let relay: FakeRelay
let widget: TestWidget

/** `text` `deltas` times, `pace` ms apart. */
const answer = (text: string, deltas = 1, pace = 0) =>
  sse(
    [
      ...Array.from({ length: deltas }, () => ({ type: 'delta' as const, text })),
      { type: 'end', messageId: `d${text}`, sources: [] },
    ],
    { pace },
  )

async function show() {
  const { container } = renderIn(widget, <MessageList />)
  await new Promise((r) => setTimeout(r, 50)) // the first render's effects ran
  return container.querySelector('[data-parley="messages"]') as HTMLElement
}

beforeEach(() => {
  sessionStorage.clear()
  renders.clear()
  relay = fakeRelay()
  relay.on('GET /api/app', () =>
    json({
      title: 'A',
      openingStatement: 'Welcome',
      suggestedQuestions: ['Prices?'],
      features: { suggestionsAfterAnswer: false },
    }),
  )
  widget = testWidget({ fetch: relay.fetch })
})
afterEach(() => {
  cleanup()
  widget.destroy()
})

describe('<MessageList>', () => {
  it('shows the opening statement and starters, which send when clicked', async () => {
    relay.on('POST /api/chat', () => answer('Sure'))
    const log = await show()
    await widget.appInfo.load()
    await waitFor(() => expect(log.textContent).toContain('Welcome'))
    fireEvent.click(log.querySelector('.btn') as HTMLElement)
    await waitFor(() => expect(log.querySelectorAll('[data-parley="message"]')).toHaveLength(2))
    expect(log.querySelector('[data-role="user"]')?.textContent).toBe('Prices?')
  })

  it('marks the last message only (it alone offers regenerate), without rendering the others', async () => {
    const log = await show()
    const marked = () =>
      [...log.querySelectorAll('[data-parley="message"]')].map((el) => el.hasAttribute('data-last'))
    relay.on('POST /api/chat', () => answer('One'))
    widget.chat.send('one')
    await waitFor(() => expect(widget.chat.$streaming.get()).toBe(false))
    await waitFor(() => expect(marked()).toEqual([false, true]))
    const first = widget.chat.$messages.get()[1]
    const before = renders.get(first?.id ?? '')
    relay.on('POST /api/chat', () => answer('Two'))
    widget.chat.send('two')
    await waitFor(() => expect(widget.chat.$streaming.get()).toBe(false))
    await waitFor(() => expect(marked()).toEqual([false, false, false, true]))
    expect(renders.get(first?.id ?? '')).toBe(before)
  })

  it('renders only the streaming answer while it grows, not the finished messages above', async () => {
    const log = await show()
    relay.on('POST /api/chat', () => answer('First answer.'))
    widget.chat.send('one')
    await waitFor(() =>
      expect(log.querySelector('[data-state="done"][data-role="assistant"]')).not.toBeNull(),
    )
    const [question, first] = widget.chat.$messages.get()
    const before = {
      question: renders.get(question?.id ?? ''),
      first: renders.get(first?.id ?? ''),
    }
    expect(before.question).toBeGreaterThan(0)

    // Over several commits (COMMIT_EVERY_MS), however loaded the machine.
    relay.on('POST /api/chat', () => answer('word ', 12, 40))
    widget.chat.send('two')
    await waitFor(() => expect(widget.chat.$streaming.get()).toBe(false))
    const second = widget.chat.$messages.get().at(-1)
    await waitFor(() =>
      expect([...log.querySelectorAll('[data-parley="message"]')].at(-1)?.textContent).toContain(
        'word word',
      ),
    )
    expect(renders.get(question?.id ?? '')).toBe(before.question)
    expect(renders.get(first?.id ?? '')).toBe(before.first)
    // Several frames of the streaming answer rendered, each with only that message.
    expect(renders.get(second?.id ?? '')).toBeGreaterThan(2)
  })
})

describe('following the answer', () => {
  /** The log as a browser lays it out: 300 px tall, `height` px of content; reads are counted. */
  function layout(log: HTMLElement) {
    const box = { height: 1000, reads: 0 }
    const read = (value: () => number) => ({
      get() {
        box.reads++
        return value()
      },
    })
    Object.defineProperty(
      log,
      'scrollHeight',
      read(() => box.height),
    )
    Object.defineProperty(
      log,
      'clientHeight',
      read(() => 300),
    )
    return box
  }

  afterEach(() => vi.restoreAllMocks())

  it('keeps the newest text in view: scrolled to the bottom by the render that shows it', async () => {
    const log = await show()
    const box = layout(log)
    relay.on('POST /api/chat', () => answer('word ', 30))
    box.height = 2000
    widget.chat.send('hi')
    await waitFor(() => expect(log.scrollTop).toBe(2000))
    await waitFor(() => expect(widget.chat.$streaming.get()).toBe(false))
    expect(box.reads).toBeGreaterThan(0)
  })

  it('stops following when the visitor scrolls up, and follows again at the bottom', async () => {
    const log = await show()
    const box = layout(log)
    let release = () => {}
    relay.on('POST /api/chat', () =>
      sse([{ type: 'delta', text: 'a' }], { hold: new Promise((r) => (release = r)) }),
    )
    widget.chat.send('hi')
    await waitFor(() => expect(log.scrollTop).toBe(1000))
    log.scrollTop = 200
    fireEvent.scroll(log)
    box.height = 1500
    release()
    await waitFor(() => expect(widget.chat.$streaming.get()).toBe(false))
    await new Promise((r) => setTimeout(r, 50))
    expect(log.scrollTop).toBe(200)
    log.scrollTop = 1200 // the bottom: 1500 - 300
    fireEvent.scroll(log)
    box.height = 1600
    widget.chat.reset()
    await waitFor(() => expect(log.scrollTop).toBe(1600))
  })

  it('keeps following when its own scroll event comes after more text arrived', async () => {
    const log = await show()
    const box = layout(log)
    let release = () => {}
    relay.on('POST /api/chat', () =>
      sse([{ type: 'delta', text: 'a' }], { hold: new Promise((r) => (release = r)) }),
    )
    widget.chat.send('hi')
    await waitFor(() => expect(log.scrollTop).toBe(1000))
    box.height = 1400 // a code block rendered before the browser fired the scroll event
    fireEvent.scroll(log)
    release()
    await waitFor(() => expect(log.scrollTop).toBe(1400))
  })
})
