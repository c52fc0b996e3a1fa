/**
 * Driving the widget through its DOM hooks (`data-parley="…"` inside the open shadow root of
 * `#parley-widget`; Playwright's CSS locators pierce open shadow roots).
 */
import type { Locator, Page } from 'playwright-core'

export type Hook =
  | 'launcher'
  | 'panel'
  | 'messages'
  | 'message'
  | 'input'
  | 'send'
  | 'stop'
  | 'retry'
  | 'new'
  | 'close'
  | 'history'
  | 'history-view'
  | 'rename'
  | 'name'
  | 'delete'
  | 'confirm'
  | 'forget'
  | 'regenerate'
  | 'earlier'
  | 'human-form'
  | 'voice'
  | 'speak'
  | 'footer'
  | 'attach'
  | 'files'
  | 'attachments'
  | 'generator'
  | 'generate-form'
  | 'generate'
  | 'again'
  | 'result'
  | 'earlier-results'

export const hook = (name: Hook): string => `[data-parley="${name}"]`

export function part(page: Page, name: Hook): Locator {
  return page.locator(hook(name))
}

export function messages(page: Page, role?: 'user' | 'assistant'): Locator {
  return page.locator(role ? `${hook('message')}[data-role="${role}"]` : hook('message'))
}

export async function openPanel(page: Page): Promise<void> {
  await part(page, 'launcher').click()
  await part(page, 'panel').waitFor({ state: 'visible' })
}

/** Opens the panel unless it is open already (the widget may restore its open state after a reload). */
export async function ensureOpen(page: Page): Promise<void> {
  await part(page, 'launcher').waitFor({ state: 'attached' })
  if (!(await part(page, 'panel').isVisible())) await openPanel(page)
}

/** Types `text` and clicks send; returns how many assistant messages there were before. */
export async function sendMessage(page: Page, text: string): Promise<number> {
  const before = await messages(page, 'assistant').count()
  await part(page, 'input').fill(text)
  await part(page, 'send').click()
  return before
}

/** The visible text of a message: its parts but the progress line ("Thinking…"), trimmed. */
export function textOf(message: Locator): Promise<string> {
  return message.evaluate(messageText)
}

/** Runs in the page (serialized by Playwright): keep it self-contained. */
function messageText(el: Element): string {
  return (
    [...el.children]
      .filter((child) => (child as HTMLElement).dataset.parley !== 'status')
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, line breaks included, is what a visitor reads
      .map((child) => (child as HTMLElement).innerText.trim())
      .filter((text) => text !== '')
      .join('\n')
  )
}

/** Waits for assistant message number `index` (0-based) to reach `state`, and returns its text. */
export async function waitForAnswer(
  page: Page,
  index: number,
  state: 'done' | 'error' = 'done',
  timeout = 15_000,
): Promise<string> {
  const message = messages(page, 'assistant').nth(index)
  await until(
    () => message.getAttribute('data-state', { timeout: 1000 }).catch(() => null),
    (s) => s === state,
    `assistant message ${index} to be ${state}`,
    timeout,
  )
  return textOf(message)
}

/** Polls `read` until `ok` accepts its value; fails naming `what` and the last value seen. */
export async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeout = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeout
  for (;;) {
    const value = await read()
    if (ok(value)) return value
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(value)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Sends `text` and waits for its answer to complete. */
export async function ask(page: Page, text: string): Promise<string> {
  const index = await sendMessage(page, text)
  return waitForAnswer(page, index)
}

/**
 * Starts recording every distinct text the newest assistant message shows, as the DOM changes.
 * Read the record with `recordedTexts`.
 */
/**
 * In the page (any engine): records every distinct rendering of the newest assistant message as
 * `state|text` in `window.__answerTexts`. Self-contained, for `evaluate`.
 */
export function recordAnswersInPage(): void {
  const root = document.querySelector('#parley-widget')?.shadowRoot
  if (!root) throw new Error('no #parley-widget shadow root')
  const seen: string[] = []
  Object.defineProperty(window, '__answerTexts', { value: seen, configurable: true })
  const record = () => {
    const all = root.querySelectorAll<HTMLElement>('[data-parley="message"][data-role="assistant"]')
    const last = all[all.length - 1]
    if (!last) return
    const body = [...last.children]
      .filter((child) => (child as HTMLElement).dataset.parley !== 'status')
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a visitor reads
      .map((child) => (child as HTMLElement).innerText.trim())
      .filter((t) => t !== '')
      .join('\n')
    const text = `${last.dataset.state}|${body}`
    if (seen[seen.length - 1] !== text) seen.push(text)
  }
  new MutationObserver(record).observe(root, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  })
}

export async function recordAnswerTexts(page: Page): Promise<void> {
  await page.evaluate(recordAnswersInPage)
}

/** What `recordAnswerTexts` saw: `{ state, text }` per distinct rendering, in order. */
export async function recordedTexts(page: Page): Promise<{ state: string; text: string }[]> {
  const raw = await page.evaluate(() => [
    ...((window as unknown as { __answerTexts?: string[] }).__answerTexts ?? []),
  ])
  return raw.map((entry) => {
    const bar = entry.indexOf('|')
    return { state: entry.slice(0, bar), text: entry.slice(bar + 1) }
  })
}

/** The id of the focused element inside the widget (`data-parley` value), or null. */
export function focusedPart(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const root = document.querySelector('#parley-widget')?.shadowRoot
    if (document.activeElement !== root?.host) return null
    const el = root?.activeElement as HTMLElement | null | undefined
    return el?.dataset.parley ?? el?.tagName.toLowerCase() ?? null
  })
}

/** The conversation as shown: `role: text` per message, in order. */
export async function transcript(page: Page): Promise<string[]> {
  const all = await messages(page).all()
  return Promise.all(
    all.map(async (m) => `${await m.getAttribute('data-role')}: ${await textOf(m)}`),
  )
}

/** Whether the element's centre is its own: nothing (a page header, the launcher) covers it. */
export function isOnTop(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect()
    const x = r.x + r.width / 2
    const y = r.y + r.height / 2
    // The document sees the widget's host; the shadow root sees what inside it is on top.
    const root = el.getRootNode() as Document | ShadowRoot
    const onPage = document.elementFromPoint(x, y)
    const inside = root.elementFromPoint(x, y)
    const hostOnTop = root === document || onPage === (root as ShadowRoot).host
    return hostOnTop && inside !== null && (inside === el || el.contains(inside))
  })
}

/** A generator's newest result (completion and workflow apps), not the earlier ones under it. */
export function latestResult(page: Page): Locator {
  return page.locator(`${hook('result')} > ${hook('message')}`)
}

/** How many results the generator shows: the newest and the earlier ones (collapsed or not). */
export function resultCount(page: Page): Promise<number> {
  return page.locator(`${hook('result')} ${hook('message')}`).count()
}

/**
 * Waits until the generator shows `count` results, the newest in `state`, and returns its text
 * (`count` tells a new run from the one before it).
 */
export async function waitForResult(
  page: Page,
  count: number,
  state: 'done' | 'error' = 'done',
  timeout = 15_000,
): Promise<string> {
  const latest = latestResult(page)
  await until(
    async () => ({
      count: await resultCount(page),
      state: await latest.getAttribute('data-state', { timeout: 1000 }).catch(() => null),
    }),
    (r) => r.count === count && r.state === state,
    `result ${count} to be ${state}`,
    timeout,
  )
  return textOf(latest)
}
