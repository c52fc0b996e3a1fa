/**
 * The journeys every engine runs (journeys-<engine>.browser.test.ts): written once against the
 * engine-neutral widget driver (harness/engine-widget.ts). Each ends with no console error and no
 * CSP violation (harness/journey.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { expect } from 'vitest'
import { hook, message, until } from './harness/engine-widget.ts'
import type { Journey } from './harness/journey.ts'
import { chatRequests, upstreamCalls } from './harness/stack.ts'

const words = (n: number) => `${Array.from({ length: n }, (_, i) => `word${i + 1}`).join(' ')}.`
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const MARKDOWN = `Here is what fits **your trip**:

- Ridge boot
- Summit boot
- Trail sock

\`\`\`bash
npm install --save-exact @acme/parley-client@2.4.1
\`\`\`

| Size | EU | US |
|:-----|:--:|---:|
| Small | 38 | 6 |
| Large | 44 | 10 |`

/** A long answer that scrolls the log, with a code block and a table wider than the panel. */
const WIDE = `Here are the sizes:

\`\`\`bash
${'npm install --save-exact @acme/parley-client@2.4.1 && echo done '.repeat(3)}
\`\`\`

| Size | EU | US | UK | JP | CN | AU | Notes |
|---|---|---|---|---|---|---|---|
| Small | 38 | 6 | 5 | 24 | 240 | 6 | narrow fit for most feet |

${'Every boot is resoled by hand and broken in before it ships. '.repeat(10)}`

/** In the page: the names the history view lists. Self-contained, for `evaluate`. */
function listedNames(): string[] {
  const root = document.getElementById('parley-widget')?.shadowRoot
  const view = root?.querySelector('[data-parley="history-view"]')
  if (view?.getAttribute('aria-busy') !== 'false') return []
  // A row being renamed or confirming a deletion shows no name.
  return [...(view?.querySelectorAll('li') ?? [])].map(
    (li) => li.querySelector('.nm')?.textContent ?? '…',
  )
}

/** In the page: assistant message `nth`'s earlier answers (a `details`), or null if it has none. */
function earlierAnswers(nth: number): { open: boolean; summary: string; texts: string[] } | null {
  const root = document.getElementById('parley-widget')?.shadowRoot
  const all = root?.querySelectorAll('[data-parley="message"][data-role="assistant"]') ?? []
  const details = all[nth]?.querySelector<HTMLDetailsElement>('details[data-parley="earlier"]')
  if (!details) return null
  return {
    open: details.open,
    summary: details.querySelector('summary')?.textContent ?? '',
    texts: [...details.querySelectorAll('.b')].map((b) => (b.textContent ?? '').trim()),
  }
}

/** In the page: the human-input form in assistant message `nth`, as a visitor sees it, or null. */
function humanForm(nth: number) {
  const root = document.getElementById('parley-widget')?.shadowRoot
  const all = root?.querySelectorAll('[data-parley="message"][data-role="assistant"]') ?? []
  const form = all[nth]?.querySelector<HTMLFormElement>('form[data-parley="human-form"]')
  if (!form) return null
  return {
    name: form.getAttribute('aria-label'),
    labels: [...form.querySelectorAll('label')].map((l) => (l.textContent ?? '').trim()),
    value: form.querySelector('textarea')?.value ?? null,
    buttons: [...form.querySelectorAll('button')].map((b) => (b.textContent ?? '').trim()),
  }
}

/** Where the cross-engine journey leaves each engine's picture of the same conversation. */
const SCREENSHOTS = new URL('./.screenshots/', import.meta.url)

export const journeys: readonly Journey[] = [
  {
    name: 'opens the panel from the launcher',
    async run({ widget }) {
      await widget.waitVisible('launcher')
      expect(await widget.isVisible('panel')).toBe(false)
      expect(await widget.attribute('launcher', 'aria-expanded')).toBe('false')
      await widget.open()
      expect(await widget.attribute('launcher', 'aria-expanded')).toBe('true')
      expect(await widget.isVisible('input')).toBe(true)
      expect(await widget.isVisible('send')).toBe(true)
    },
  },
  {
    name: 'sends a message and streams a markdown answer: a list, a fenced code block, a table',
    async run({ widget, stack }) {
      stack.upstream.next({ answer: MARKDOWN, frameDelayMs: 30 })
      await widget.open()
      await widget.record()
      const index = await widget.send('Which boots for a wet trip?')
      await widget.answer(index)

      const seen = await widget.recorded()
      const partial = seen.filter((s) => s.state === 'streaming' && s.text !== '')
      expect(partial.length, JSON.stringify(seen)).toBeGreaterThanOrEqual(3)
      expect(seen.at(-1)?.state).toBe('done')

      const md = await widget.markdown()
      expect(md?.strong).toEqual(['your trip'])
      expect(md?.bullets).toEqual(['Ridge boot', 'Summit boot', 'Trail sock'])
      expect(md?.code.map((c) => c.text.trim())).toEqual([
        'npm install --save-exact @acme/parley-client@2.4.1',
      ])
      expect(md?.code[0]?.monospace, 'code is monospace').toBe(true)
      expect(md?.tables).toEqual([
        {
          head: ['Size', 'EU', 'US'],
          rows: [
            ['Small', '38', '6'],
            ['Large', '44', '10'],
          ],
          align: ['left', 'center', 'right'],
        },
      ])
      const messages = await widget.messages()
      expect(messages.filter((m) => m.role === 'user').map((m) => m.text)).toEqual([
        'Which boots for a wet trip?',
      ])
      expect(chatRequests(stack).at(-1)?.body.query).toBe('Which boots for a wet trip?')
    },
  },
  {
    name: 'Shift+Enter makes a new line in the composer and Enter sends',
    async run({ widget, stack }) {
      stack.upstream.next({ answer: 'Yes, we ship to Norway.' })
      await widget.open()
      await widget.click('input')
      const oneLine = await widget.composerBox()
      await widget.type('Do you ship\nto Norway?\nOr to Iceland?')
      expect(await widget.composerValue()).toBe('Do you ship\nto Norway?\nOr to Iceland?')
      // The composer grows with its lines (WebKit has no field-sizing: the widget measures there).
      const threeLines = await widget.composerBox()
      expect(threeLines.height, JSON.stringify({ oneLine, threeLines })).toBeGreaterThan(
        oneLine.height + 25,
      )
      expect(threeLines.scrolls, 'three lines fit without scrolling').toBe(false)
      expect(await widget.count('user')).toBe(0)

      const index = await widget.count('assistant')
      await widget.press('Enter')
      expect(await widget.answer(index)).toBe('Yes, we ship to Norway.')
      expect(chatRequests(stack).at(-1)?.body.query).toBe('Do you ship\nto Norway?\nOr to Iceland?')
      const user = (await widget.messages()).filter((m) => m.role === 'user')
      expect(user.map((m) => m.text)).toEqual(['Do you ship\nto Norway?\nOr to Iceland?'])
      expect(await widget.composerValue()).toBe('')
      expect((await widget.composerBox()).height, 'back to one line once sent').toBe(oneLine.height)
    },
  },
  {
    name: 'sees console errors and uncaught exceptions (the check every journey ends with)',
    allowConsole: [/parley-control/],
    async run({ driver, widget }) {
      await widget.waitVisible('launcher')
      await driver.evaluate(() => {
        console.error('parley-control: console.error')
        setTimeout(() => {
          throw new Error('parley-control: uncaught')
        })
      })
      const errors = await until(
        () => driver.consoleErrors(),
        (e) => e.length >= 2,
        'the provoked errors to be reported',
      )
      expect(errors.some((e) => e.includes('parley-control: console.error'))).toBe(true)
      expect(errors.some((e) => e.includes('parley-control: uncaught'))).toBe(true)
    },
  },
  {
    name: 'restores the conversation after a reload and goes on with it',
    async run({ widget, driver, stack }) {
      stack.upstream.next({ answer: 'The Ridge boot weighs 540 g.' })
      stack.upstream.next({ answer: 'The Summit boot weighs 610 g.' })
      await widget.open()
      await widget.ask('How heavy is the Ridge?')
      await widget.ask('And the Summit?')
      const before = await widget.transcript()
      expect(before).toHaveLength(4)
      const conversationId = String(chatRequests(stack).at(-1)?.body.conversation_id)

      await driver.reload()
      await widget.ensureOpen()
      const after = await until(
        () => widget.transcript(),
        (t) => t.length >= before.length,
        'the restored history',
      )
      expect(after).toEqual(before)

      stack.upstream.next({ answer: 'Both come in wide sizes.' })
      expect(await widget.ask('Wide sizes?')).toBe('Both come in wide sizes.')
      expect(chatRequests(stack).at(-1)?.body.conversation_id).toBe(conversationId)
    },
  },
  {
    name: 'lists earlier conversations, reopens one in place, renames one and deletes another',
    async run({ widget, driver, stack }) {
      const names = () => driver.evaluate(listedNames) as Promise<string[]>
      stack.upstream.next({ answer: 'Free returns within 30 days.' })
      stack.upstream.next({ answer: 'Sizes 36 to 48.' })
      await widget.open()
      await widget.ask('Returns?')
      await widget.click('new')
      await widget.ask('Which sizes?')

      await widget.click('history')
      expect(await until(names, (n) => n.length === 2, 'the list')).toEqual([
        'Which sizes?',
        'Returns?',
      ])
      expect(await widget.isVisible('input'), 'the view covers the composer').toBe(false)
      await widget.click({ selector: '[data-parley="history-view"] li .open', nth: 1 })
      await widget.waitVisible('input')
      expect(await widget.transcript()).toEqual([
        'user: Returns?',
        'assistant: Free returns within 30 days.',
      ])

      await widget.click('history')
      await until(names, (n) => n.length === 2, 'the list again')
      await widget.click('rename')
      await until(
        () => widget.focused(),
        (f) => f === 'name',
        'focus in the name field',
      )
      await widget.type('Size chart')
      await widget.press('Enter')
      await until(names, (n) => n[0] === 'Size chart', 'the new name')
      await widget.click({ selector: '[data-parley="delete"]', nth: 1 })
      await widget.click('confirm')
      expect(await until(names, (n) => n.length === 1, 'the deletion')).toEqual(['Size chart'])
      expect(upstreamCalls(stack, 'DELETE', '')).toHaveLength(1)
      await widget.press('Escape')
      await widget.waitVisible('input')
      expect(await widget.count('user'), 'the deleted one was on screen: a new chat').toBe(0)
    },
  },
  {
    name: 'regenerates the last answer: the new one takes its place, the earlier one collapsed under it',
    async run({ widget, driver, stack }) {
      stack.upstream.next({ answer: 'Hello.' })
      stack.upstream.next({ answer: 'The first answer.' })
      await widget.open()
      await widget.ask('Hi')
      const index = await widget.send('Tell me a fact')
      expect(await widget.answer(index)).toBe('The first answer.')
      const regenerate = `${message('assistant').selector} ${hook('regenerate')}`

      stack.upstream.next({ answer: 'A better answer.' })
      await widget.click({ selector: regenerate, nth: index })
      await until(
        async () => (await widget.messages()).filter((m) => m.role === 'assistant')[index],
        (m) => m?.state === 'done' && m.text.startsWith('A better answer.'),
        'the new answer in place of the first',
      )
      expect(await driver.evaluate(earlierAnswers, index)).toEqual({
        open: false,
        summary: 'Earlier answers (1)',
        texts: ['The first answer.'],
      })
      await widget.click({
        selector: `${message('assistant').selector} ${hook('earlier')} summary`,
      })
      await until(
        () => driver.evaluate(earlierAnswers, index),
        (e) => e?.open === true,
        'the earlier answers to unfold',
      )
      expect(await widget.count('assistant'), 'no new answer below').toBe(index + 1)
      expect((await widget.messages()).filter((m) => m.role === 'user').map((m) => m.text)).toEqual(
        ['Hi', 'Tell me a fact'],
      )
      const [first, again] = chatRequests(stack).slice(-2)
      expect(again?.body.query).toBe('Tell me a fact')
      expect(again?.body.query).toBe(first?.body.query)
      // The stylesheet shows it on the last answer only (`.msg:has(~ .msg) .rg`).
      expect(await widget.isVisible({ selector: regenerate, nth: index }), 'on the last').toBe(true)
      expect(await widget.isVisible({ selector: regenerate, nth: 0 }), 'on the first').toBe(false)
    },
  },
  {
    name: 'answers a human-input form in the chat; the answer goes on in the same message',
    upstream: { humanInput: { answers: { approve: 'Approved: the draft goes out today.' } } },
    async run({ widget, driver, stack }) {
      await widget.open()
      const index = await widget.send('Please approve the draft')
      const form = await until(
        () => driver.evaluate(humanForm, index),
        (f) => f !== null && f.buttons.length > 0,
        'the human-input form',
      )
      expect(form).toEqual({
        name: 'Approval',
        labels: ['Feedback'],
        value: '',
        buttons: ['Approve', 'Reject'],
      })
      const inForm = (selector: string, nth = 0) => ({
        selector: `${message('assistant').selector} ${hook('human-form')} ${selector}`,
        nth,
      })
      await widget.click(inForm('textarea'))
      await widget.type('Looks good to me')
      await until(
        () => driver.evaluate(humanForm, index),
        (f) => f?.value === 'Looks good to me',
        'the feedback typed',
      )
      await widget.click(inForm('button', form?.buttons.indexOf('Approve')))
      const answer = await until(
        async () => (await widget.messages()).filter((m) => m.role === 'assistant')[index],
        (m) => m?.state === 'done' && m.text.includes('Approved: the draft goes out today.'),
        'the answer to go on',
      )
      expect(await driver.evaluate(humanForm, index), 'the form is gone').toBeNull()
      expect(answer?.text).toContain('You chose: Approve')
      expect(await widget.count('assistant'), 'one answer, not two').toBe(index + 1)
      expect(await widget.count('user')).toBe(1)
      const submitted = upstreamCalls(stack, 'POST', '').filter((r) =>
        r.path.includes('/form/human_input/'),
      )
      expect(submitted.map((r) => r.body)).toEqual([
        expect.objectContaining({ action: 'approve', inputs: { feedback: 'Looks good to me' } }),
      ])
    },
  },
  {
    name: 'stops mid-stream: the partial answer stays, nothing more arrives, upstream is told',
    async run({ widget, stack }) {
      const answer = words(80)
      stack.upstream.next({ answer, frameDelayMs: 60 })
      await widget.open()
      const index = await widget.send('Tell me everything')
      await until(
        async () => (await widget.messages()).filter((m) => m.role === 'assistant')[index],
        (m) => m?.state === 'streaming' && m.text.length > 0,
        'streamed text',
      )
      const stops = upstreamCalls(stack, 'POST', '/stop').length
      await widget.click('stop')
      const stopped = await until(
        async () => (await widget.messages()).filter((m) => m.role === 'assistant')[index],
        (m) => m?.state !== 'streaming',
        'the answer to stop',
      )
      const text = stopped?.text ?? ''
      expect(text.length).toBeGreaterThan(0)
      expect(answer.startsWith(text.replace(/\s*…$/, '')), text).toBe(true)
      expect(text.length).toBeLessThan(answer.length)
      await sleep(500)
      expect((await widget.messages()).filter((m) => m.role === 'assistant')[index]?.text).toBe(
        text,
      )
      await widget.waitVisible('stop', false)
      await until(
        async () => upstreamCalls(stack, 'POST', '/stop').length,
        (n) => n > stops,
        'a stop request upstream',
      )

      stack.upstream.next({ answer: 'Short answer.' })
      expect(await widget.ask('Short version?')).toBe('Short answer.')
    },
  },
  {
    name: 'shows an upstream HTTP 500 as an error message, and retry asks the same question again',
    // Chromium logs the failed response (the relay's 502) itself; the page logs nothing.
    allowConsole: [/status of 5\d\d/],
    async run({ widget, stack }) {
      stack.upstream.next({
        httpError: {
          status: 500,
          body: { code: 'internal_server_error', message: 'Internal Server Error', status: 500 },
        },
      })
      await widget.open()
      const index = await widget.send('Which boot for snow?')
      expect((await widget.answer(index, 'error')).length, 'an error text').toBeGreaterThan(0)

      stack.upstream.next({ answer: 'The Summit, with gaiters.' })
      await widget.click('retry')
      const retried = await until(
        async () => (await widget.messages()).filter((m) => m.role === 'assistant').at(-1),
        (m) => m?.state === 'done',
        'the retried answer',
      )
      expect(retried?.text).toBe('The Summit, with gaiters.')
      const [failed, again] = chatRequests(stack).slice(-2)
      expect(again?.body.query).toBe('Which boot for snow?')
      expect(again?.body.query).toBe(failed?.body.query)
      expect(await widget.count('user'), 'the question is not duplicated').toBe(1)
    },
  },
  {
    name: 'works by keyboard alone: Tab to the bubble, Enter opens, Enter sends, Esc closes',
    async run({ widget, stack }) {
      stack.upstream.next({ answer: 'Yes, we ship to Norway.' })
      await widget.waitVisible('launcher')
      for (let i = 0; i < 10 && (await widget.focused()) !== 'launcher'; i++) {
        await widget.press('Tab')
      }
      expect(await widget.focused()).toBe('launcher')
      await widget.press('Enter')
      await widget.waitVisible('panel')
      expect(await widget.attribute('launcher', 'aria-expanded')).toBe('true')
      await until(
        () => widget.focused(),
        (f) => f === 'input',
        'focus in the composer',
      )

      await widget.type('Do you ship\nto Norway?')
      const index = await widget.count('assistant')
      await widget.press('Enter')
      expect(await widget.answer(index)).toBe('Yes, we ship to Norway.')

      await widget.press('Escape')
      await widget.waitVisible('panel', false)
      expect(await widget.attribute('launcher', 'aria-expanded')).toBe('false')
      expect(await widget.focused()).toBe('launcher')
    },
  },
  {
    name: 'strict-csp.html: chats under a strict CSP without a violation (and the detector works)',
    page: 'strict-csp.html',
    // The control check at the end: an inline script is refused and reported.
    allowCsp: [/^script-src(-elem)? blocked inline$/],
    // Chromium logs the refusal as a console error, Firefox as an uncaught error.
    allowConsole: [/Content[- ]Security[- ]Policy/i],
    async run({ widget, driver, stack }) {
      stack.upstream.next({ answer: 'Your card is on its way.' })
      await widget.open()
      expect(await widget.ask('Where is my card?')).toBe('Your card is on its way.')
      expect(await widget.cspViolations()).toEqual([])

      const ran = await driver.evaluate(() => {
        const script = document.createElement('script')
        script.textContent = 'window.inlineRan = true'
        document.head.append(script)
        return (window as unknown as { inlineRan?: boolean }).inlineRan === true
      })
      expect(ran, 'the inline script ran').toBe(false)
      const violations = await until(
        () => widget.cspViolations(),
        (v) => v.length > 0,
        'the violation to be reported',
      )
      expect(violations).toEqual([expect.stringMatching(/^script-src/)])
    },
  },
  {
    name: 'fills a 375×667 screen with a usable panel',
    viewport: { width: 375, height: 667 },
    async run({ widget, driver, stack }) {
      stack.upstream.next({ answer: 'Sizes 36 to 48.' })
      await widget.open()
      const box = await widget.box('panel')
      expect(box && [box.x, box.y, box.width, box.height].map(Math.round)).toEqual([0, 0, 375, 667])
      for (const name of ['input', 'send', 'close'] as const) {
        const b = await widget.box(name)
        expect(b, name).not.toBeNull()
        if (!b) continue
        expect(b.x >= 0 && b.y >= 0 && b.x + b.width <= 375 && b.y + b.height <= 667, name).toBe(
          true,
        )
        expect(
          Math.min(b.width, b.height),
          `${name} is a comfortable target`,
        ).toBeGreaterThanOrEqual(24)
        expect(await widget.isOnTop(name), `nothing covers ${name}`).toBe(true)
      }
      expect(await widget.ask('Which sizes?')).toBe('Sizes 36 to 48.')
      const scrollWidth = await driver.evaluate(() => document.documentElement.scrollWidth)
      expect(scrollWidth, 'no sideways scrolling').toBeLessThanOrEqual(375)
      await widget.click('close')
      await widget.waitVisible('panel', false)
    },
  },
  {
    name: 'dark-rtl.html: a right-to-left Arabic widget on the left; Latin text still reads left to right',
    page: 'dark-rtl.html',
    async run({ widget, driver, stack }) {
      await widget.waitVisible('launcher')
      const launcher = await widget.box('launcher')
      const width = await driver.evaluate(() => window.innerWidth)
      expect(
        launcher && launcher.x + launcher.width / 2 < width / 2,
        'the bubble is on the left',
      ).toBe(true)
      await widget.open()
      expect((await widget.style('panel', ['direction'])).direction).toBe('rtl')
      expect(await widget.attribute('input', 'placeholder')).toMatch(/[\u0600-\u06ff]/)

      stack.upstream.next({ answer: 'نعم، كل أحذيتنا مقاومة للماء.' })
      expect(await widget.ask('هل الأحذية مقاومة للماء؟')).toBe('نعم، كل أحذيتنا مقاومة للماء.')
      stack.upstream.next({ answer: 'Yes, all of them.' })
      expect(await widget.ask('Is it waterproof?')).toBe('Yes, all of them.')
      // Which way the last user and assistant messages run: their first character's left edge
      // against their last's.
      const order = await driver.evaluate(() => {
        const root = document.getElementById('parley-widget')?.shadowRoot
        const all = [...(root?.querySelectorAll<HTMLElement>('[data-parley="message"]') ?? [])]
        return all.slice(-2).map((el) => {
          const node = document.createTreeWalker(el, NodeFilter.SHOW_TEXT).nextNode() as Text
          const left = (i: number) => {
            const range = document.createRange()
            range.setStart(node, i)
            range.setEnd(node, i + 1)
            return range.getBoundingClientRect().left
          }
          return left(0) < left(node.data.length - 1) ? 'ltr' : 'rtl'
        })
      })
      expect(order, '"?" ends the question on the right').toEqual(['ltr', 'ltr'])
    },
  },
  {
    name: 'lays out alike: thin scrollbars, the same bubble widths, wide code and tables scroll inside',
    async run({ widget, stack, driver, engine }) {
      stack.upstream.next({ answer: WIDE })
      stack.upstream.next({ answer: WIDE })
      await widget.open()
      await widget.ask('Which sizes?')
      await widget.ask('And for kids?')
      const layout = await driver.evaluate(() => {
        const root = document.getElementById('parley-widget')?.shadowRoot
        const log = root?.querySelector<HTMLElement>('[data-parley="log"], .log')
        const px = (value: string) => Number.parseFloat(value) || 0
        const bubbles = [
          ...(root?.querySelectorAll<HTMLElement>('[data-role="assistant"] .b') ?? []),
        ]
        const scrollers = [...(root?.querySelectorAll<HTMLElement>('.md pre, .md .tbl') ?? [])]
        if (!log) return null
        const style = getComputedStyle(log)
        const content = log.clientWidth - px(style.paddingLeft) - px(style.paddingRight)
        return {
          gutter: log.offsetWidth - log.clientWidth,
          scrolls: log.scrollHeight > log.clientHeight,
          content,
          bubbles: bubbles.map((b) => b.getBoundingClientRect().width),
          scrollers: scrollers.map((el) => ({
            inside: el.scrollWidth > el.clientWidth,
            bar: el.offsetHeight - el.clientHeight,
            fits: el.getBoundingClientRect().right <= log.getBoundingClientRect().right,
          })),
        }
      })
      mkdirSync(SCREENSHOTS, { recursive: true })
      writeFileSync(new URL(`${engine}.png`, SCREENSHOTS), await driver.screenshot())
      const seen = JSON.stringify(layout)
      expect(layout?.scrolls, seen).toBe(true)
      // Overlay scrollbars take no room; classic ones (Firefox) are thin: bubbles narrow by ≤ 8 px.
      expect(layout?.gutter, seen).toBeLessThanOrEqual(8)
      for (const width of layout?.bubbles ?? []) {
        expect(Math.abs(width - (layout?.content ?? 0) * 0.88), seen).toBeLessThanOrEqual(1)
      }
      expect(layout?.scrollers.length, seen).toBe(4)
      for (const s of layout?.scrollers ?? []) {
        expect(s.inside && s.fits, seen).toBe(true)
        expect(s.bar, seen).toBeLessThanOrEqual(8)
      }
    },
  },
]
