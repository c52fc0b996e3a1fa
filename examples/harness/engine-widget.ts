/**
 * The widget as a visitor uses it, in any engine: its parts are found by evaluating functions in the
 * page that look inside the open shadow root of `#parley-widget` (by the `data-parley` hooks), and
 * a click is a mouse click at the part's centre once nothing covers it and it has stopped moving.
 * The same code runs in Chromium, Firefox and WebKit, so there are no engine-specific locators.
 *
 * Functions passed to `driver.evaluate` are serialized into the page: keep them self-contained.
 */
import type { EngineDriver, Key } from './engine.ts'
import type { PageTrap } from './page-trap.ts'
import { type Hook, hook, recordAnswersInPage, until } from './widget.ts'

export { type Hook, hook, until }

/** A part of the widget: a CSS selector inside its shadow root and which match (negative: from the end). */
export interface Part {
  selector: string
  nth?: number
}

type Target = Hook | Part

const toPart = (target: Target): Required<Part> =>
  typeof target === 'string'
    ? { selector: hook(target), nth: 0 }
    : { selector: target.selector, nth: target.nth ?? 0 }

/** The assistant's (or the visitor's) message number `nth` (negative: from the end). */
export const message = (role: 'user' | 'assistant', nth = -1): Part => ({
  selector: `${hook('message')}[data-role="${role}"]`,
  nth,
})

/** What an in-page probe of a part found. */
type Probe = { ok: true; x: number; y: number; rect: string } | { ok: false; why: string }

/** In the page: where to click `part`, or why not (missing, hidden, covered, off screen). */
function probePart({ selector, nth }: Required<Part>): Probe {
  const name = (el: Element | null): string => {
    if (!el) return 'nothing'
    const hookName = (el as HTMLElement).dataset?.parley
    const cls = typeof el.className === 'string' && el.className ? `.${el.className}` : ''
    return `<${el.tagName.toLowerCase()}${hookName ? ` data-parley="${hookName}"` : ''}>${cls}`
  }
  const root = document.getElementById('parley-widget')?.shadowRoot
  if (!root) return { ok: false, why: 'no #parley-widget shadow root' }
  const all = root.querySelectorAll<HTMLElement>(selector)
  const el = all[nth < 0 ? all.length + nth : nth]
  if (!el) return { ok: false, why: `${all.length} match(es)` }
  el.scrollIntoView({ block: 'nearest', inline: 'nearest' })
  const r = el.getBoundingClientRect()
  if (r.width < 1 || r.height < 1 || getComputedStyle(el).visibility === 'hidden') {
    return { ok: false, why: 'not visible' }
  }
  const x = Math.round(r.left + r.width / 2)
  const y = Math.round(r.top + r.height / 2)
  if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) {
    return { ok: false, why: `centre ${x},${y} is outside the viewport` }
  }
  const onPage = document.elementFromPoint(x, y)
  if (onPage !== root.host) return { ok: false, why: `covered by the page's ${name(onPage)}` }
  const inside = root.elementFromPoint(x, y)
  if (!inside || !(inside === el || el.contains(inside))) {
    return { ok: false, why: `covered by ${name(inside)}` }
  }
  return { ok: true, x, y, rect: [r.left, r.top, r.width, r.height].join(',') }
}

/** In the page: whether `part` is rendered and visible. */
function isVisible({ selector, nth }: Required<Part>): boolean {
  const root = document.getElementById('parley-widget')?.shadowRoot
  const all = root?.querySelectorAll<HTMLElement>(selector) ?? []
  const el = all[nth < 0 ? all.length + nth : nth]
  if (!el?.isConnected) return false
  const r = el.getBoundingClientRect()
  return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'
}

/** In the page: an attribute of `part`, null if missing. */
function readAttribute(arg: Required<Part> & { name: string }): string | null {
  const root = document.getElementById('parley-widget')?.shadowRoot
  const all = root?.querySelectorAll<HTMLElement>(arg.selector) ?? []
  return all[arg.nth < 0 ? all.length + arg.nth : arg.nth]?.getAttribute(arg.name) ?? null
}

/** In the page: the conversation as shown, one `{ role, state, text }` per message. */
function readMessages(): { role: string; state: string; text: string }[] {
  const root = document.getElementById('parley-widget')?.shadowRoot
  const all = root?.querySelectorAll<HTMLElement>('[data-parley="message"]') ?? []
  return [...all].map((el) => ({
    role: el.dataset.role ?? '',
    state: el.dataset.state ?? '',
    text: [...el.children]
      .filter((child) => (child as HTMLElement).dataset.parley !== 'status')
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, line breaks included, is what a visitor reads
      .map((child) => (child as HTMLElement).innerText.trim())
      .filter((text) => text !== '')
      .join('\n'),
  }))
}

export type MessageView = ReturnType<typeof readMessages>[number]

export class EngineWidget {
  constructor(readonly driver: EngineDriver) {}

  /** Clicks `target` at its centre once it is visible, on top, and no longer moving. */
  async click(target: Target, timeout = 8000): Promise<void> {
    const part = toPart(target)
    let previous = ''
    let last: Probe = { ok: false, why: 'not probed' }
    const deadline = Date.now() + timeout
    for (;;) {
      last = await this.driver.evaluate(probePart, part)
      if (last.ok && last.rect === previous) break
      previous = last.ok ? last.rect : ''
      if (Date.now() > deadline) {
        const why = last.ok ? 'it kept moving' : last.why
        throw new Error(`Cannot click ${part.selector} #${part.nth}: ${why}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    await this.driver.clickAt(last.x, last.y)
  }

  isVisible(target: Target): Promise<boolean> {
    return this.driver.evaluate(isVisible, toPart(target))
  }

  async waitVisible(target: Target, visible = true, timeout = 8000): Promise<void> {
    await until(
      () => this.isVisible(target),
      (v) => v === visible,
      `${toPart(target).selector} to be ${visible ? 'visible' : 'hidden'}`,
      timeout,
    )
  }

  /** Whether `target` can be clicked now: visible, inside the viewport, and nothing covers its centre. */
  async isOnTop(target: Target): Promise<string | true> {
    const probe = await this.driver.evaluate(probePart, toPart(target))
    return probe.ok ? true : probe.why
  }

  /** The part's bounding box in CSS pixels of the viewport, or null if it is not rendered. */
  box(target: Target): Promise<{ x: number; y: number; width: number; height: number } | null> {
    return this.driver.evaluate(({ selector, nth }: Required<Part>) => {
      const root = document.getElementById('parley-widget')?.shadowRoot
      const all = root?.querySelectorAll<HTMLElement>(selector) ?? []
      const r = all[nth < 0 ? all.length + nth : nth]?.getBoundingClientRect()
      return r ? { x: r.x, y: r.y, width: r.width, height: r.height } : null
    }, toPart(target))
  }

  /** Computed style properties of the part (empty strings if it is missing). */
  style(target: Target, properties: string[]): Promise<Record<string, string>> {
    return this.driver.evaluate(
      ({ selector, nth, names }: Required<Part> & { names: string[] }) => {
        const root = document.getElementById('parley-widget')?.shadowRoot
        const all = root?.querySelectorAll<HTMLElement>(selector) ?? []
        const el = all[nth < 0 ? all.length + nth : nth]
        const style = el ? getComputedStyle(el) : null
        return Object.fromEntries(names.map((n) => [n, style?.getPropertyValue(n) ?? '']))
      },
      { ...toPart(target), names: properties },
    )
  }

  attribute(target: Target, name: string): Promise<string | null> {
    return this.driver.evaluate(readAttribute, { ...toPart(target), name })
  }

  /** The composer's text. */
  composerValue(): Promise<string> {
    return this.driver.evaluate(() => {
      const root = document.getElementById('parley-widget')?.shadowRoot
      return root?.querySelector<HTMLTextAreaElement>('[data-parley="input"]')?.value ?? ''
    })
  }

  /** The composer's rendered height and whether its text scrolls inside it (CSS pixels). */
  composerBox(): Promise<{ height: number; scrolls: boolean }> {
    return this.driver.evaluate(() => {
      const root = document.getElementById('parley-widget')?.shadowRoot
      const el = root?.querySelector<HTMLTextAreaElement>('[data-parley="input"]')
      if (!el) return { height: 0, scrolls: false }
      return {
        height: el.getBoundingClientRect().height,
        scrolls: el.scrollHeight > el.clientHeight + 1,
      }
    })
  }

  /** The `data-parley` name (or tag) of the focused element inside the widget, or null. */
  focused(): Promise<string | null> {
    return this.driver.evaluate(() => {
      const root = document.getElementById('parley-widget')?.shadowRoot
      if (!root || document.activeElement !== root.host) return null
      const el = root.activeElement as HTMLElement | null
      return el?.dataset.parley ?? el?.tagName.toLowerCase() ?? null
    })
  }

  messages(): Promise<MessageView[]> {
    return this.driver.evaluate(readMessages)
  }

  async count(role: 'user' | 'assistant'): Promise<number> {
    return (await this.messages()).filter((m) => m.role === role).length
  }

  /**
   * Waits until the part's own animations (e.g. the panel's opening) are over and its box has kept
   * still for two reads. Animations are asked for, not timed: a loaded machine can stall frames.
   */
  async waitStill(target: Target, timeout = 5000): Promise<void> {
    let same = 0
    let previous = ''
    await until(
      async () => {
        const now = await this.driver.evaluate(({ selector, nth }: Required<Part>) => {
          const root = document.getElementById('parley-widget')?.shadowRoot
          const all = root?.querySelectorAll<HTMLElement>(selector) ?? []
          const el = all[nth < 0 ? all.length + nth : nth]
          if (!el) return 'missing'
          const running = el
            .getAnimations()
            .filter(
              (a) =>
                a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity,
            )
          if (running.length > 0) return 'animating'
          const r = el.getBoundingClientRect()
          return [r.x, r.y, r.width, r.height].join()
        }, toPart(target))
        same = now === previous && now !== 'animating' && now !== 'missing' ? same + 1 : 0
        previous = now
        return same
      },
      (n) => n >= 1,
      `${toPart(target).selector} to stop moving`,
      timeout,
    )
  }

  /** Clicks the launcher and waits for the panel to be open and still. */
  async open(): Promise<void> {
    await this.click('launcher')
    await this.waitVisible('panel')
    await this.waitStill('panel')
  }

  /** Opens the panel unless it is open already (the widget may restore it after a reload). */
  async ensureOpen(): Promise<void> {
    await until(
      async () => (await this.isVisible('launcher')) || (await this.isVisible('panel')),
      (ready) => ready,
      'the widget to load',
    )
    if (!(await this.isVisible('panel'))) await this.open()
  }

  /** The conversation as shown: `role: text` per message, in order. */
  async transcript(): Promise<string[]> {
    return (await this.messages()).map((m) => `${m.role}: ${m.text}`)
  }

  /** Types into the focused composer; a `\n` is typed as Shift+Enter (a new line, not a send). */
  async type(text: string): Promise<void> {
    const lines = text.split('\n')
    for (const [i, line] of lines.entries()) {
      if (i > 0) await this.driver.press('Shift+Enter')
      if (line !== '') await this.driver.type(line)
    }
  }

  press(key: Key): Promise<void> {
    return this.driver.press(key)
  }

  /** Clicks the composer, types `text` and clicks send; returns the index its answer will have. */
  async send(text: string): Promise<number> {
    const index = await this.count('assistant')
    await this.click('input')
    await this.type(text)
    await this.click('send')
    return index
  }

  /** Waits for assistant message `index` (0-based) to reach `state`, and returns its text. */
  async answer(index: number, state: 'done' | 'error' = 'done', timeout = 15_000): Promise<string> {
    const all = await until(
      () => this.messages(),
      (list) => list.filter((m) => m.role === 'assistant')[index]?.state === state,
      `assistant message ${index} to be ${state}`,
      timeout,
    )
    return all.filter((m) => m.role === 'assistant')[index]?.text ?? ''
  }

  /** Sends `text` and waits for its answer to complete. */
  async ask(text: string): Promise<string> {
    return this.answer(await this.send(text))
  }

  /**
   * Starts recording every distinct rendering of the newest assistant message (its state and text)
   * as the DOM changes; read the record with `recorded`.
   */
  async record(): Promise<void> {
    await this.driver.evaluate(recordAnswersInPage)
  }

  async recorded(): Promise<{ state: string; text: string }[]> {
    const raw = await this.driver.evaluate(() => [
      ...((window as unknown as { __answerTexts?: string[] }).__answerTexts ?? []),
    ])
    return raw.map((entry) => {
      const bar = entry.indexOf('|')
      return { state: entry.slice(0, bar), text: entry.slice(bar + 1) }
    })
  }

  /** The markdown structure of assistant message `nth`: lists, code blocks and tables as rendered. */
  markdown(nth = -1) {
    return this.driver.evaluate((n: number) => {
      const root = document.getElementById('parley-widget')?.shadowRoot
      const all = root?.querySelectorAll<HTMLElement>(
        '[data-parley="message"][data-role="assistant"]',
      )
      const msg = all?.[n < 0 ? all.length + n : n]
      const md = msg?.querySelector<HTMLElement>('.md')
      if (!md) return null
      const texts = (els: Iterable<Element>) => [...els].map((e) => (e.textContent ?? '').trim())
      return {
        bullets: texts(md.querySelectorAll('ul > li')),
        numbered: texts(md.querySelectorAll('ol > li')),
        code: [...md.querySelectorAll('pre')].map((pre) => ({
          text: pre.querySelector('code')?.textContent ?? pre.textContent ?? '',
          monospace: /mono/i.test(getComputedStyle(pre).fontFamily),
          scrollsSideways: getComputedStyle(pre).overflowX !== 'visible',
        })),
        tables: [...md.querySelectorAll('table')].map((table) => ({
          head: texts(table.querySelectorAll('thead th')),
          rows: [...table.querySelectorAll('tbody tr')].map((tr) => texts(tr.children)),
          align: [...table.querySelectorAll('thead th')].map(
            (th) => getComputedStyle(th).textAlign,
          ),
        })),
        strong: texts(md.querySelectorAll('strong')),
      }
    }, nth)
  }

  /** CSP violations this document has seen (from the page trap). */
  cspViolations(): Promise<string[]> {
    return this.driver.evaluate(() => [
      ...((window as unknown as { __parleyTrap?: PageTrap }).__parleyTrap?.csp ?? ['no page trap']),
    ])
  }
}
