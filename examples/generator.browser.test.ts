/**
 * The generator (Dify text-generation and workflow apps) in a real browser (Chromium), end to end
 * through the relay to the test upstream: the app's inputs, Generate (then Stop on the same button),
 * the result streamed as markdown, errors with Retry, `Parley.generate()` from the page, a workflow's
 * failed node and its outputs (only those the relay lists reach the browser), and the visitor leaving
 * mid-run (the relay drains the run, so Dify completes it).
 */
import type { EmulatorOptions } from '@parley/emulator/server'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { auditWidget } from './harness/axe.ts'
import type { Visit } from './harness/browser.ts'
import { type Stack, upstreamCalls } from './harness/stack.ts'
import { type BrowserSuite, browserSuite, expectClean } from './harness/suite.ts'
import {
  focusedPart,
  hook,
  latestResult,
  openPanel,
  part,
  resultCount,
  textOf,
  until,
  waitForResult,
} from './harness/widget.ts'

type Mode = 'completion' | 'workflow'

/** A required text input and an optional paragraph, as Dify's `user_input_form` lists them. */
const INPUTS: NonNullable<NonNullable<EmulatorOptions['app']>['userInputForm']> = [
  { 'text-input': { variable: 'topic', label: 'Topic', required: true, max_length: 80 } },
  { paragraph: { variable: 'notes', label: 'Notes', required: false } },
]

/** What each kind of app takes: the relay's route and Dify's own run and stop paths. */
const KINDS = {
  completion: {
    route: '/api/completion',
    run: '/v1/completion-messages',
    stop: /^\/v1\/completion-messages\/([^/]+)\/stop$/,
  },
  workflow: {
    route: '/api/workflow',
    run: '/v1/workflows/run',
    stop: /^\/v1\/workflows\/tasks\/([^/]+)\/stop$/,
  },
} as const

const words = (n: number) => `${Array.from({ length: n }, (_, i) => `word${i + 1}`).join(' ')}.`

/** The markdown every first run streams: a heading, bold text and a list. */
const MARKDOWN = '### Trail notes\n\nPack **light** for the ridge:\n\n- water\n- a map\n'

interface Seen {
  type: string
  detail: Record<string, unknown>
}

/** Records the page's `parley:message` and `parley:error` events, from now on. */
function listenForEvents(page: Page): Promise<void> {
  return page.evaluate(() => {
    const seen: { type: string; detail: unknown }[] = []
    Object.defineProperty(window, '__parleyEvents', { value: seen, configurable: true })
    for (const type of ['message', 'error']) {
      addEventListener(`parley:${type}`, (e) =>
        seen.push({ type, detail: (e as CustomEvent).detail }),
      )
    }
  })
}

function eventsSeen(page: Page): Promise<Seen[]> {
  return page.evaluate(() => [
    ...((window as unknown as { __parleyEvents?: Seen[] }).__parleyEvents ?? []),
  ])
}

interface Body {
  url: string
  status: number
  body: string
}

/** Keeps the body of every response the page gets from the relay's API (streams once they end). */
function captureRelayBodies(v: Visit, stack: Stack): () => Promise<Body[]> {
  const bodies: Promise<Body>[] = []
  v.page.on('response', (response) => {
    const url = response.url()
    if (!url.startsWith(`${stack.relayUrl}/api/`)) return
    bodies.push(
      response.text().then(
        (body) => ({ url, status: response.status(), body }),
        (error: Error) => ({ url, status: response.status(), body: `<unread: ${error.message}>` }),
      ),
    )
  })
  return () => Promise.all(bodies)
}

/** Everything of the page a visitor (or a script on it) could read: both DOMs, storage, events. */
function pageText(page: Page): Promise<string> {
  return page.evaluate(() =>
    JSON.stringify([
      document.documentElement.outerHTML,
      document.querySelector('#parley-widget')?.shadowRoot?.innerHTML ?? '',
      { ...sessionStorage },
      { ...localStorage },
      (window as unknown as { __parleyEvents?: unknown }).__parleyEvents ?? null,
    ]),
  )
}

/** `window.Parley.generate(inputs)`, as a page's own script calls it. */
function parleyGenerate(page: Page, inputs: Record<string, unknown>): Promise<void> {
  return page.evaluate((given) => {
    type Api = { generate(inputs: Record<string, unknown>): void }
    ;(window as unknown as { Parley: Api }).Parley.generate(given)
  }, inputs)
}

const relayCalls = (v: Visit, stack: Stack, path: string) =>
  v.requests.filter((url) => url === `${stack.relayUrl}${path}`)

const upstreamRuns = (stack: Stack, mode: Mode) => upstreamCalls(stack, 'POST', KINDS[mode].run)

/** A recorded upstream request's JSON body (`{}` when there is none). */
const bodyOf = (request: { body?: unknown } | undefined) =>
  (request?.body ?? {}) as Record<string, unknown>

/** The body of the newest run Dify was asked for. */
const lastRun = (stack: Stack, mode: Mode) => bodyOf(upstreamRuns(stack, mode).at(-1))

/** The one submit button of the form: Generate, or Stop while a run is on its way. */
const submitButton = (page: Page) => part(page, 'generate-form').locator('button[type=submit]')

/** Opens the bubble and waits for the generator (it stands in for the chat). */
async function openGenerator(page: Page): Promise<void> {
  await openPanel(page)
  await part(page, 'generate-form').waitFor()
}

/** Fills in the topic and presses Generate; returns how many results there will then be. */
async function generate(page: Page, topic: string): Promise<number> {
  const before = await resultCount(page)
  await part(page, 'generate-form').getByLabel('Topic').fill(topic)
  await part(page, 'generate').click()
  return before + 1
}

/** Waits until the newest result is streaming and shows some text; returns that text. */
async function streamingText(page: Page): Promise<string> {
  const latest = latestResult(page)
  const seen = await until(
    async () => ({
      state: await latest.getAttribute('data-state', { timeout: 1000 }).catch(() => null),
      text: await textOf(latest).catch(() => ''),
    }),
    (r) => r.state === 'streaming' && r.text.length > 0,
    'streamed text in the result',
  )
  return seen.text
}

function suiteFor(mode: Mode): BrowserSuite {
  return browserSuite(
    // Only `summary` of a workflow's outputs may reach the browser.
    mode === 'workflow' ? { WORKFLOW_OUTPUTS: 'summary' } : {},
    {
      upstream: {
        mode,
        app: { userInputForm: INPUTS, description: 'Writes trail notes for a topic.' },
      },
    },
  )
}

for (const mode of ['completion', 'workflow'] as const) {
  describe(`the generator of a ${mode} app`, () => {
    const suite = suiteFor(mode)
    const kind = KINDS[mode]

    it('streams the result as markdown from the inputs, with its actions, the page event, and axe-clean', async () => {
      const { stack } = suite
      stack.upstream.next({ answer: MARKDOWN, frameDelayMs: 40 })
      const v = await suite.open('basic.html', {
        permissions: ['clipboard-read', 'clipboard-write'],
      })
      await listenForEvents(v.page)
      await openGenerator(v.page)
      expect(await part(v.page, 'input').count(), 'no chat composer').toBe(0)
      expect(await auditWidget(v.page)).toEqual([])

      await part(v.page, 'generate-form').getByLabel('Notes').fill('Two days')
      const count = await generate(v.page, 'Ridge walk')
      const partial = await streamingText(v.page)
      const final = await waitForResult(v.page, count)
      expect(partial.length, 'shown in pieces as it streamed').toBeLessThan(final.length)

      const result = latestResult(v.page)
      expect(await result.locator('h3').textContent()).toBe('Trail notes')
      expect(await result.locator('strong').textContent()).toBe('light')
      expect(await result.locator('li').allTextContents()).toEqual(['water', 'a map'])
      expect(await part(v.page, 'result').locator('h2').textContent()).toBe('Result')
      expect(
        await v.page.locator(`${hook('generator')} [aria-live=polite]`).textContent(),
      ).toContain('Trail notes')

      const body = lastRun(stack, mode)
      expect(body.inputs).toEqual({ topic: 'Ridge walk', notes: 'Two days' })
      expect(body.response_mode).toBe('streaming')
      expect(relayCalls(v, stack, kind.route)).toHaveLength(1)

      // Copy puts the markdown on the clipboard; a text generator's result is rated, a workflow's not.
      await result.getByRole('button', { name: 'Copy' }).click()
      await expect.poll(() => v.page.evaluate(() => navigator.clipboard.readText())).toBe(MARKDOWN)
      const like = result.getByRole('button', { name: 'Helpful', exact: true })
      const dislike = result.getByRole('button', { name: 'Not helpful', exact: true })
      if (mode === 'completion') {
        expect(await dislike.getAttribute('aria-pressed')).toBe('false')
        await like.click()
        await expect.poll(() => like.getAttribute('aria-pressed')).toBe('true')
        const feedback = await until(
          async () => upstreamCalls(stack, 'POST', '/feedbacks').at(-1),
          (r) => r !== undefined,
          'the rating upstream',
        )
        expect(bodyOf(feedback).rating).toBe('like')
        const messageId = feedback?.path.split('/')[3]
        const saved = messageId ? stack.upstream.emulator.state.messages.get(messageId) : undefined
        expect(saved?.inputs, 'the rating is for this result').toEqual({
          topic: 'Ridge walk',
          notes: 'Two days',
        })
      } else {
        expect(await like.count(), 'a workflow run is no message to rate').toBe(0)
        expect(await dislike.count()).toBe(0)
      }

      const events = (await eventsSeen(v.page)).filter((e) => e.type === 'message')
      expect(events).toHaveLength(1)
      expect(events[0]?.detail).toMatchObject({
        role: 'assistant',
        text: MARKDOWN,
        inputs: { topic: 'Ridge walk', notes: 'Two days' },
      })
      expect(await auditWidget(v.page)).toEqual([])

      // Run again: the same inputs once more; the first result goes under "Earlier results".
      stack.upstream.next({ answer: 'Second take.' })
      await part(v.page, 'again').click()
      expect(await waitForResult(v.page, count + 1)).toBe('Second take.')
      expect(await part(v.page, 'earlier-results').locator('summary').first().textContent()).toBe(
        'Earlier results (1)',
      )
      expect(lastRun(stack, mode).inputs).toEqual({
        topic: 'Ridge walk',
        notes: 'Two days',
      })
      expect(await auditWidget(v.page)).toEqual([])
      expectClean(v, stack)
    })

    it('stops mid-run on the same button: what arrived stays, and Dify is told to stop the task', async () => {
      const { stack } = suite
      const answer = words(80)
      stack.upstream.next({ answer, frameDelayMs: 60 })
      const v = await suite.open('basic.html')
      await openGenerator(v.page)
      const button = await submitButton(v.page).elementHandle()
      const count = await generate(v.page, 'Everything')
      await streamingText(v.page)
      expect(await button?.getAttribute('data-parley'), 'Generate became Stop').toBe('stop')
      expect(await focusedPart(v.page), 'focus stays on the button').toBe('stop')

      await part(v.page, 'stop').click()
      const stopped = await waitForResult(v.page, count)
      expect(stopped.length).toBeGreaterThan(0)
      expect(answer.startsWith(stopped), stopped).toBe(true)
      expect(stopped.length).toBeLessThan(answer.length)
      expect(await button?.getAttribute('data-parley'), 'Stop became Generate').toBe('generate')
      expect(await focusedPart(v.page)).toBe('generate')
      await v.page.waitForTimeout(400)
      expect(await textOf(latestResult(v.page)), 'nothing more arrives').toBe(stopped)

      // The relay's stop route, then Dify's own stop for this visitor's task.
      await until(
        async () => v.requests.filter((url) => /\/stop$/.test(new URL(url).pathname)),
        (urls) => urls.length === 1,
        "the relay's stop route",
      ).then(([url]) =>
        expect(url).toMatch(new RegExp(`^${stack.relayUrl}${kind.route}/[^/]+/stop$`)),
      )
      const stop = await until(
        async () => stack.upstream.requests.filter((r) => kind.stop.test(r.path)).at(-1),
        (r) => r !== undefined,
        "Dify's stop",
      )
      const taskId = kind.stop.exec(stop?.path ?? '')?.[1] ?? ''
      const task = stack.upstream.emulator.state.tasks.get(taskId)
      expect(task, 'the task that was running').toBeDefined()
      expect(task?.stopRequested).toBe(true)
      const run = lastRun(stack, mode)
      expect(bodyOf(stop).user).toBe(run.user)
      await stack.upstream.settled()
      if (mode === 'completion') {
        const saved = task ? stack.upstream.emulator.state.messages.get(task.messageId) : undefined
        expect(saved?.answer.length, 'Dify saved a partial answer').toBeLessThan(answer.length)
      } else {
        const record = [...stack.upstream.emulator.state.runs.values()].at(-1)
        expect(record?.status).toBe('stopped')
      }

      stack.upstream.next({ answer: 'Short.' })
      await part(v.page, 'generate').click()
      expect(await waitForResult(v.page, count + 1)).toBe('Short.')
      expectClean(v, stack)
    })

    it('shows an error mid-stream in the result, and Retry runs the same inputs again', async () => {
      const { stack } = suite
      stack.upstream.next({
        answer: words(10),
        frameDelayMs: 20,
        error: {
          afterChunks: 3,
          code: 'completion_request_error',
          message: 'The model is overloaded.',
        },
      })
      const v = await suite.open('basic.html')
      await listenForEvents(v.page)
      await openGenerator(v.page)
      const count = await generate(v.page, 'Snow boots')
      const failed = await waitForResult(v.page, count, 'error')
      expect(failed, 'what arrived before the error stays').toMatch(/^word1 word2 word3\b/)
      expect(failed).toContain('The model is overloaded.')
      const alert = latestResult(v.page).locator('[role=alert]')
      expect(await alert.textContent()).toContain('The model is overloaded.')
      expect(await auditWidget(v.page)).toEqual([])
      const errors = (await eventsSeen(v.page)).filter((e) => e.type === 'error')
      expect(errors.map((e) => e.detail.message)).toEqual(['The model is overloaded.'])

      stack.upstream.next({ answer: 'The Summit, with gaiters.' })
      await latestResult(v.page).locator(hook('retry')).click()
      expect(await waitForResult(v.page, count + 1)).toBe('The Summit, with gaiters.')
      const [first, second] = upstreamRuns(stack, mode)
        .slice(-2)
        .map((r) => bodyOf(r).inputs)
      expect(second).toEqual({ topic: 'Snow boots' })
      expect(second).toEqual(first)
      expect(await part(v.page, 'earlier-results').count(), 'the failed one is kept below').toBe(1)
      expectClean(v, stack)
    })

    it('refuses to generate with a required input missing: the field is marked, an alert says so, and nothing is asked', async () => {
      const { stack } = suite
      const v = await suite.open('basic.html')
      await openGenerator(v.page)
      await part(v.page, 'generate-form').getByLabel('Notes').fill('No topic')
      await part(v.page, 'generate').click()
      const form = part(v.page, 'generate-form')
      await expect.poll(() => form.getByLabel('Topic').getAttribute('aria-invalid')).toBe('true')
      expect(await form.getByLabel('Notes').getAttribute('aria-invalid')).toBeNull()
      expect(await form.locator('[role=alert]').textContent()).toBe(
        'Check the highlighted fields (1).',
      )
      expect(await focusedPart(v.page), 'focus goes to the field').toBe('input')
      expect(await auditWidget(v.page)).toEqual([])
      await v.page.waitForTimeout(300)
      expect(relayCalls(v, stack, kind.route), 'no run asked for').toEqual([])
      expect(await part(v.page, 'result').count()).toBe(0)
      expect(await part(v.page, 'generate').count(), 'nothing is running').toBe(1)
      expectClean(v, stack)
    })

    it("shows the relay's 400 as the result's error when Parley.generate() misses a required input", async () => {
      const { stack } = suite
      const v = await suite.open('basic.html')
      const bodies = captureRelayBodies(v, stack)
      await listenForEvents(v.page)
      const before = upstreamRuns(stack, mode).length
      // From the page the form is not asked: the relay checks the inputs and refuses.
      await parleyGenerate(v.page, { notes: 'No topic' })
      await part(v.page, 'panel').waitFor({ state: 'visible' })
      await waitForResult(v.page, 1, 'error')
      const refused = (await bodies()).filter((b) => b.url === `${stack.relayUrl}${kind.route}`)
      expect(refused.map((b) => b.status)).toEqual([400])
      const message = 'Input "topic" (Topic) is required.'
      expect(JSON.parse(refused[0]?.body ?? '{}')).toEqual({
        error: { code: 'bad_request', message },
      })
      expect(upstreamRuns(stack, mode).length, 'Dify is not asked').toBe(before)
      expect(await latestResult(v.page).locator('[role=alert]').textContent()).toContain(message)
      const errors = (await eventsSeen(v.page)).filter((e) => e.type === 'error')
      expect(errors.map((e) => e.detail)).toEqual([{ code: 'bad_request', message }])
      expect(await auditWidget(v.page)).toEqual([])
      expectClean(v, stack, { allowConsole: [/status of 400/] })
    })

    it('goes on upstream when the visitor leaves mid-run: the relay drains it and Dify completes it', async () => {
      const { stack } = suite
      const answer = words(40)
      stack.upstream.next({ answer, frameDelayMs: 40 })
      const v = await suite.open('basic.html')
      await openGenerator(v.page)
      await generate(v.page, 'Leaving early')
      await streamingText(v.page)
      // Dify's side of this run: a text generator's saved message, or a workflow's run.
      const { messages, runs } = stack.upstream.emulator.state
      const upstreamRun = () => {
        if (mode === 'completion') {
          const saved = [...messages.values()].at(-1)
          return { done: saved?.done, text: saved?.answer }
        }
        const record = [...runs.values()].at(-1)
        const data = record?.finished?.data as { outputs?: { result?: string } } | undefined
        return {
          done: record?.status !== 'running',
          status: record?.status,
          text: data?.outputs?.result,
        }
      }
      expect(upstreamRun().done, 'still running as the visitor leaves').toBe(false)
      const stops = stack.upstream.requests.filter((r) => kind.stop.test(r.path)).length
      const disconnects = stack.upstream.disconnects
      await v.close()

      await stack.upstream.settled()
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(stack.upstream.disconnects, 'the relay read the run to its end').toBe(disconnects)
      expect(stack.upstream.requests.filter((r) => kind.stop.test(r.path))).toHaveLength(stops)
      expect(lastRun(stack, mode).inputs).toEqual({ topic: 'Leaving early' })
      expect(upstreamRun()).toEqual({
        done: true,
        ...(mode === 'workflow' && { status: 'succeeded' }),
        text: answer,
      })
    })

    it('Parley.generate(inputs) from the page opens the panel and generates', async () => {
      const { stack } = suite
      stack.upstream.next({ answer: 'Generated from the page.' })
      const v = await suite.open('basic.html')
      await listenForEvents(v.page)
      expect(await part(v.page, 'panel').isVisible()).toBe(false)
      await parleyGenerate(v.page, { topic: 'From the page' })
      await part(v.page, 'panel').waitFor({ state: 'visible' })
      expect(await waitForResult(v.page, 1)).toBe('Generated from the page.')
      expect(lastRun(stack, mode).inputs).toEqual({
        topic: 'From the page',
      })
      const events = (await eventsSeen(v.page)).filter((e) => e.type === 'message')
      expect(events.map((e) => e.detail)).toMatchObject([
        { role: 'assistant', text: 'Generated from the page.', inputs: { topic: 'From the page' } },
      ])
      expect(await part(v.page, 'generate-form').getByLabel('Topic').inputValue()).toBe(
        'From the page',
      )
      expectClean(v, stack)
    })

    if (mode === 'workflow') {
      it('shows a generic error for a failed node: its error text never reaches the browser', async () => {
        const { stack } = suite
        const secret = 'SECRET-internal-detail http://10.0.0.7:5001 api_key=sk-NotARealKey-42'
        stack.upstream.next({ workflowEnd: 'failed', workflowError: secret, frameDelayMs: 10 })
        const v = await suite.open('basic.html')
        const bodies = captureRelayBodies(v, stack)
        await listenForEvents(v.page)
        await openGenerator(v.page)
        const count = await generate(v.page, 'Fail please')
        const error = await waitForResult(v.page, count, 'error')
        expect(error).toContain('The assistant failed to answer. Please try again.')
        expect(await latestResult(v.page).locator(hook('retry')).count()).toBe(1)
        const record = [...stack.upstream.emulator.state.runs.values()].at(-1)
        expect(record?.status, 'the run failed upstream').toBe('failed')
        expect(JSON.stringify(record?.finished)).toContain(secret)

        const received = await bodies()
        const stream = received.filter((b) => b.url === `${stack.relayUrl}${kind.route}`)
        expect(stream).toHaveLength(1)
        expect(stream[0]?.body, 'the stream was read').toContain('upstream_error')
        for (const leak of ['SECRET', '10.0.0.7', 'sk-NotARealKey']) {
          expect(received.filter((b) => b.body.includes(leak))).toEqual([])
          expect(await pageText(v.page)).not.toContain(leak)
        }
        expectClean(v, stack)
      })

      it('shows the output the relay lists (WORKFLOW_OUTPUTS); an unlisted one never reaches the browser', async () => {
        const { stack } = suite
        stack.upstream.next({
          chunks: [],
          outputs: { summary: 'Pack **light**: water and a map.', internal: 'UNLISTED-SECRET' },
        })
        const v = await suite.open('basic.html')
        const bodies = captureRelayBodies(v, stack)
        await listenForEvents(v.page)
        await openGenerator(v.page)
        const count = await generate(v.page, 'Outputs')
        expect(await waitForResult(v.page, count)).toBe('Pack light: water and a map.')
        expect(await latestResult(v.page).locator('strong').textContent()).toBe('light')
        const events = (await eventsSeen(v.page)).filter((e) => e.type === 'message')
        expect(events.map((e) => e.detail)).toMatchObject([
          {
            text: 'Pack **light**: water and a map.',
            outputs: { summary: 'Pack **light**: water and a map.' },
          },
        ])
        expect(Object.keys(events[0]?.detail.outputs as object)).toEqual(['summary'])
        const record = [...stack.upstream.emulator.state.runs.values()].at(-1)
        expect(JSON.stringify(record?.finished), 'Dify did send it').toContain('UNLISTED-SECRET')

        const received = await bodies()
        const stream = received.filter((b) => b.url === `${stack.relayUrl}${kind.route}`)
        expect(stream[0]?.body, 'the stream was read').toContain('water and a map')
        expect(received.filter((b) => b.body.includes('UNLISTED'))).toEqual([])
        expect(await pageText(v.page)).not.toContain('UNLISTED')
        expectClean(v, stack)
      })
    }
  })
}
