import { describe, expect, it } from 'vitest'
import { chatRequests } from './harness/stack.ts'
import { browserSuite, expectClean } from './harness/suite.ts'
import {
  ask,
  ensureOpen,
  messages,
  openPanel,
  part,
  recordAnswerTexts,
  recordedTexts,
  sendMessage,
  textOf,
  transcript,
  until,
  waitForAnswer,
} from './harness/widget.ts'

const suite = browserSuite()
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('basic.html: a visitor chats through the relay', () => {
  it('streams the answer in pieces and ends with exactly the text upstream sent', async () => {
    const { stack } = suite
    const answer =
      'Grüße! Our boots run true to size 👣 so pick your usual size, or half a size up for thick winter socks.'
    // Slow frames, and bytes cut every 7 so multi-byte characters arrive split across network writes.
    stack.upstream.next({ answer, frameDelayMs: 60, bytes: { size: 7 } })
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    await recordAnswerTexts(v.page)

    const index = await sendMessage(v.page, 'Do your boots run small?')
    expect(await waitForAnswer(v.page, index)).toBe(answer)

    const seen = await recordedTexts(v.page)
    const partial = seen.filter(
      (s) => s.state === 'streaming' && s.text !== '' && s.text !== answer,
    )
    expect(partial.length, JSON.stringify(seen)).toBeGreaterThanOrEqual(3)
    for (const { text } of partial) expect(answer.startsWith(text), text).toBe(true)
    expect(seen.at(-1)).toEqual({ state: 'done', text: answer })
    expect(await textOf(messages(v.page, 'user').last())).toBe('Do your boots run small?')
    expect(chatRequests(stack).at(-1)?.body.query).toBe('Do your boots run small?')
    expectClean(v, stack)
  })

  it('keeps the conversation in sessionStorage and continues it with the next message', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'Yes, every boot is waterproof.' })
    stack.upstream.next({ answer: 'Returns are free within 60 days.' })
    const v = await suite.open('basic.html')
    await openPanel(v.page)

    expect(await ask(v.page, 'Are they waterproof?')).toBe('Yes, every boot is waterproof.')
    const storage = await v.page.evaluate(() => Object.entries(sessionStorage))
    expect(await ask(v.page, 'And returns?')).toBe('Returns are free within 60 days.')

    const [first, second] = chatRequests(stack).slice(-2)
    expect(first?.body.conversation_id ?? '').toBe('')
    const conversationId = String(second?.body.conversation_id)
    expect(conversationId).toMatch(UUID)
    const relayHost = new URL(stack.relayUrl).host
    const holder = storage.find(([, value]) => value.includes(conversationId))
    expect(holder, JSON.stringify(storage)).toBeDefined()
    expect(
      storage.some(([key]) => key.includes(relayHost)),
      'a storage key names the relay',
    ).toBe(true)
    // The same visitor both times: the relay derives Dify's `user` from the session.
    expect(second?.body.user).toBe(first?.body.user)
    expectClean(v, stack)
  })

  it('restores the conversation and its history after a reload, and goes on with it', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'The Ridge boot weighs 540 g.' })
    stack.upstream.next({ answer: 'The Summit boot weighs 610 g.' })
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    await ask(v.page, 'How heavy is the Ridge?')
    await ask(v.page, 'And the Summit?')
    const before = await transcript(v.page)
    const conversationId = String(chatRequests(stack).at(-1)?.body.conversation_id)

    await v.page.reload()
    await ensureOpen(v.page)
    const after = await until(
      () => transcript(v.page),
      (t) => t.length >= before.length,
      'the restored history',
    )
    expect(after).toEqual(before)
    const history = stack.upstream.requests.filter(
      (r) => r.method === 'GET' && r.path.endsWith('/messages'),
    )
    expect(history.at(-1)?.query.conversation_id).toBe(conversationId)

    stack.upstream.next({ answer: 'Both come in wide sizes.' })
    expect(await ask(v.page, 'Wide sizes?')).toBe('Both come in wide sizes.')
    expect(chatRequests(stack).at(-1)?.body.conversation_id).toBe(conversationId)
    expectClean(v, stack)
  })

  it('starts a new conversation on request: the transcript clears and the next message has no conversation id', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'Hello there.' })
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    await ask(v.page, 'Hi')
    const storedIds = async () => {
      const text = await v.page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)))
      return text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []
    }
    const [oldId] = await until(
      storedIds,
      (ids) => ids.length > 0,
      'a conversation id in sessionStorage',
    )

    await part(v.page, 'new').click()
    await until(
      () => messages(v.page, 'user').count(),
      (n) => n === 0,
      'the transcript to clear',
    )
    expect(await storedIds()).not.toContain(oldId)
    stack.upstream.next({ answer: 'A fresh start.' })
    expect(await ask(v.page, 'Hi again')).toBe('A fresh start.')
    expect(chatRequests(stack).at(-1)?.body.conversation_id ?? '').toBe('')
    const newIds = await until(storedIds, (ids) => ids.length > 0, 'the new conversation id')
    expect(newIds).not.toContain(oldId)
    expectClean(v, stack)
  })
})

describe('basic.html: the transcript follows the answer', () => {
  const answer = Array.from(
    { length: 30 },
    (_, i) => `Step ${i + 1}: every pair is resoled and stitched by hand in our workshop.`,
  ).join('\n\n')

  /** The log's scroll: how far it is from its end, where it is, and how much it overflows. */
  const scroll = (page: import('playwright-core').Page) =>
    page.evaluate(() => {
      const log = document
        .getElementById('parley-widget')
        ?.shadowRoot?.querySelector<HTMLElement>('[data-parley="messages"]')
      if (!log) return { gap: -1, top: -1, overflow: 0 }
      const overflow = log.scrollHeight - log.clientHeight
      return { gap: overflow - log.scrollTop, top: log.scrollTop, overflow }
    })
  /** Two frames: whatever the last render asked of the next one has been drawn. */
  const frames = (page: import('playwright-core').Page) =>
    page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    )

  it('keeps a long streaming answer in view, to its last line', async () => {
    suite.stack.upstream.next({ answer, frameDelayMs: 8 })
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    const index = await sendMessage(v.page, 'How are they made?')
    // Mid-answer, with the log already overflowing by more than its height.
    const mid = await until(
      () => scroll(v.page),
      (s) => s.overflow > 600,
      'the answer to overflow the log',
    )
    expect(mid.gap, JSON.stringify(mid)).toBeLessThan(200)
    expect(await waitForAnswer(v.page, index)).toContain('Step 30: every pair')
    await frames(v.page)
    expect((await scroll(v.page)).gap).toBeLessThanOrEqual(1)
    expectClean(v, suite.stack)
  })

  it('stays where the visitor scrolled up to while the answer goes on', async () => {
    suite.stack.upstream.next({ answer, frameDelayMs: 8 })
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    const index = await sendMessage(v.page, 'How are they made?')
    await until(
      () => scroll(v.page),
      (s) => s.overflow > 300,
      'the answer to overflow the log',
    )
    await part(v.page, 'messages').hover()
    await v.page.mouse.wheel(0, -5000)
    await until(
      () => scroll(v.page),
      (s) => s.top === 0,
      'the log scrolled to its top',
    )
    await waitForAnswer(v.page, index)
    await frames(v.page)
    const end = await scroll(v.page)
    expect(end.top, JSON.stringify(end)).toBe(0)
    expect(end.gap).toBeGreaterThan(300)
    expectClean(v, suite.stack)
  })
})
