import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chatRequests, upstreamCalls } from './harness/stack.ts'
import { browserSuite, expectClean } from './harness/suite.ts'
import {
  ask,
  messages,
  openPanel,
  part,
  sendMessage,
  textOf,
  until,
  waitForAnswer,
} from './harness/widget.ts'

const suite = browserSuite()
const words = (n: number) => `${Array.from({ length: n }, (_, i) => `word${i + 1}`).join(' ')}.`

/** Waits until the newest assistant message shows some streamed text. */
async function streamingText(page: Page, index: number) {
  const message = messages(page, 'assistant').nth(index)
  return until(
    async () => ({ state: await message.getAttribute('data-state'), text: await textOf(message) }),
    (m) => m.state === 'streaming' && m.text.length > 0,
    'streamed text',
  )
}

describe('basic.html: stop, errors and dropped streams', () => {
  it('stops mid-stream: the partial answer stays, nothing more arrives, and upstream is told to stop', async () => {
    const { stack } = suite
    const answer = words(80)
    stack.upstream.next({ answer, frameDelayMs: 60 })
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    const index = await sendMessage(v.page, 'Tell me everything')
    await streamingText(v.page, index)

    await part(v.page, 'stop').click()
    const message = messages(v.page, 'assistant').nth(index)
    await until(
      () => message.getAttribute('data-state'),
      (s) => s !== 'streaming',
      'the answer to stop',
    )
    const stopped = await textOf(message)
    expect(stopped.length).toBeGreaterThan(0)
    expect(answer.startsWith(stopped.replace(/\s*…$/, '')), stopped).toBe(true)
    expect(stopped.length).toBeLessThan(answer.length)
    await v.page.waitForTimeout(500)
    expect(await textOf(message)).toBe(stopped)
    await until(
      () => part(v.page, 'stop').isVisible(),
      (visible) => !visible,
      'the stop button to go',
    )

    const stop = await until(
      async () => upstreamCalls(stack, 'POST', '/stop').at(-1),
      (r) => r !== undefined,
      'a stop request upstream',
    )
    expect((stop?.body as { user?: string } | undefined)?.user).toBe(
      chatRequests(stack).at(-1)?.body.user,
    )

    stack.upstream.next({ answer: 'Short answer.' })
    expect(await ask(v.page, 'Short version?')).toBe('Short answer.')
    expectClean(v, stack)
  })

  const failures = [
    {
      name: 'an HTTP 500 from upstream',
      scenario: {
        httpError: {
          status: 500,
          body: { code: 'internal_server_error', message: 'Internal Server Error', status: 500 },
        },
      },
    },
    {
      name: 'an error event mid-stream',
      scenario: {
        answer: words(10),
        error: {
          afterChunks: 3,
          code: 'completion_request_error',
          message: 'The model is overloaded.',
        },
      },
    },
  ]
  for (const { name, scenario } of failures) {
    it(`shows ${name} as an error message, and retry sends the same question again`, async () => {
      const { stack } = suite
      stack.upstream.next(scenario)
      const v = await suite.open('basic.html')
      await openPanel(v.page)
      const index = await sendMessage(v.page, 'Which boot for snow?')
      const error = await waitForAnswer(v.page, index, 'error')
      expect(error.length, 'an error text').toBeGreaterThan(0)

      stack.upstream.next({ answer: 'The Summit, with gaiters.' })
      await part(v.page, 'retry').click()
      await until(
        async () => textOf(messages(v.page, 'assistant').last()),
        (text) => text === 'The Summit, with gaiters.',
        'the retried answer',
      )
      expect(await messages(v.page, 'assistant').last().getAttribute('data-state')).toBe('done')
      const [failed, retried] = chatRequests(stack).slice(-2)
      expect(retried?.body.query).toBe('Which boot for snow?')
      expect(retried?.body.query).toBe(failed?.body.query)
      expect(await messages(v.page, 'user').count(), 'the question is not duplicated').toBe(1)
      expectClean(v, stack, { allowConsole: [/status of 5\d\d/] })
    })
  }

  it('recovers the whole answer from history when the connection to the relay drops mid-stream', async () => {
    const { stack } = suite
    const answer = words(30)
    stack.upstream.next({ answer, frameDelayMs: 50 })
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    const index = await sendMessage(v.page, 'Long answer please')
    await streamingText(v.page, index)

    const stops = upstreamCalls(stack, 'POST', '/stop').length
    stack.proxy.cut()
    expect(await waitForAnswer(v.page, index, 'done', 20_000)).toBe(answer)
    expect(upstreamCalls(stack, 'POST', '/stop').length, 'generation was not stopped').toBe(stops)
    expectClean(v, stack, { allowConsole: [/net::ERR_/] })
  })

  it('recovers the whole answer from history when upstream drops the relay mid-stream', async () => {
    const { stack } = suite
    const answer = words(20)
    stack.upstream.next({ answer, frameDelayMs: 30, destroyAfterFrames: 5 })
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    const index = await sendMessage(v.page, 'Another long answer')
    expect(await waitForAnswer(v.page, index, 'done', 20_000)).toBe(answer)
    expectClean(v, stack)
  })
})
