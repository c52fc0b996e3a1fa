/**
 * WCAG 2.2 AA in real Chromium, on realistic content (design.md "Browsers and accessibility"): axe in
 * light and in dark right-to-left, forced colours, reflow at 320 CSS px and at 200 % zoom, target
 * sizes, reduced motion, focus neither obscured nor trapped, one announcement per answer (read from
 * the accessibility tree), and localized names in every language.
 */
import type { CDPSession, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { en } from '../widget/src/i18n/en.ts'
import { stringsFor } from '../widget/src/i18n/locale.ts'
import { launcherTexts } from '../widget/src/loader/strings.ts'
import { auditWidget } from './harness/axe.ts'
import { type Stack, upstreamCalls } from './harness/stack.ts'
import { browserSuite, expectClean } from './harness/suite.ts'
import {
  ask,
  focusedPart,
  isOnTop,
  messages,
  openPanel,
  part,
  sendMessage,
  until,
  waitForAnswer,
} from './harness/widget.ts'

const suite = browserSuite()

const CODE = `const routes = await trails.search({ region: 'alps', difficulty: 'hard', lengthKm: { min: 12, max: 30 }, include: ['huts', 'water', 'camping'] })
for (const route of routes) console.log(route.name, route.lengthKm, route.elevationGainM, route.huts.join(', '))`

const ANSWER = `For a **wet multi-day trip** the [Ridge boot](https://example.com/ridge) is our pick. Read the [sizing guide](https://example.com/sizes) before you order: our boots run half a size small, and thick winter socks need another half size on top of that.

To list the routes we tested them on, with our trail API:

\`\`\`ts
${CODE}
\`\`\`

| Model | Weight | Waterproof | Drop | Width | Sizes | Resole | Lining | Warranty | Price |
|---|---|---|---|---|---|---|---|---|---|
| Ridge | 540 g | yes | 8 mm | regular | 36–48 | yes | Gore-Tex | 2 years | 189 € |
| Summit | 720 g | yes | 10 mm | wide | 38–48 | yes | leather | 3 years | 249 € |
| Trail | 410 g | no | 6 mm | narrow | 36–46 | no | mesh | 1 year | 129 € |

All three can be resoled by us for a flat fee, and every pair ships with spare laces. If you are between sizes, order both: returns are free within 60 days, even for boots worn outdoors once.`

const ANSWER_AR = `لرحلة ممطرة لعدة أيام ننصح بحذاء [ريدج](https://example.com/ridge). اقرأ [دليل المقاسات](https://example.com/sizes) قبل الطلب: أحذيتنا أصغر بنصف مقاس.

\`\`\`ts
${CODE}
\`\`\`

| الطراز | الوزن | مقاوم للماء | الارتفاع | العرض | المقاسات | إعادة النعل | البطانة | الضمان | السعر |
|---|---|---|---|---|---|---|---|---|---|
| ريدج | 540 غ | نعم | 8 مم | عادي | 36–48 | نعم | غور-تكس | سنتان | 189 € |
| سميت | 720 غ | نعم | 10 مم | عريض | 38–48 | نعم | جلد | 3 سنوات | 249 € |

يمكن إعادة نعل الأحذية الثلاثة لدينا بسعر ثابت، والإرجاع مجاني خلال 60 يومًا.`

const SOURCES = [
  {
    document_name: 'Sizing guide',
    content: 'Our boots run half a size small.',
    doc_metadata: { source_url: 'https://example.com/sizes' },
  },
  {
    document_name: 'Returns policy',
    content: 'Free returns within 60 days.',
    doc_metadata: { source_url: 'https://example.com/returns' },
  },
]

const HTTP_500 = {
  httpError: {
    status: 500,
    body: { code: 'internal_server_error', message: 'Internal Server Error', status: 500 },
  },
}

/** Suggested questions (the app's starters, later its follow-ups) shown in the log. */
const suggestions = (page: Page) => page.locator('[data-parley="messages"] > div > .btn')

/**
 * Opens the panel (starters shown), gets the long answer (follow-ups shown) and likes it; returns
 * after each step's `check`.
 */
async function realisticAnswer(
  page: Page,
  stack: Stack,
  answer: string,
  check: (step: string) => Promise<void> = async () => {},
): Promise<void> {
  await openPanel(page)
  await suggestions(page).first().waitFor()
  await check('starters')
  stack.upstream.next({ answer, sources: SOURCES })
  await ask(page, 'Which boot for a wet trip?')
  await until(
    () => suggestions(page).count(),
    (n) => n > 0,
    'follow-up questions',
  )
  const likes = upstreamCalls(stack, 'POST', '/feedbacks').length
  const like = messages(page, 'assistant').last().locator('.like')
  await like.click()
  await until(
    () => like.getAttribute('aria-pressed'),
    (pressed) => pressed === 'true',
    'the like button pressed',
  )
  await until(
    async () => upstreamCalls(stack, 'POST', '/feedbacks').length,
    (n) => n === likes + 1,
    'the feedback upstream',
  )
  await check('answer, follow-ups and feedback')
}

/** A later question answered by an upstream failure: the error and its retry button. */
async function failedAnswer(page: Page, stack: Stack): Promise<void> {
  stack.upstream.next(HTTP_500)
  const index = await sendMessage(page, 'And for snow?')
  await waitForAnswer(page, index, 'error')
  await part(page, 'retry').waitFor()
}

describe('WCAG 2.2 AA', () => {
  for (const { name, file, answer, theme } of [
    { name: 'light', file: 'basic.html', answer: ANSWER },
    { name: 'dark', file: 'basic.html', answer: ANSWER, theme: 'dark' },
    { name: 'dark right-to-left', file: 'dark-rtl.html', answer: ANSWER_AR },
  ]) {
    it(`axe: no serious or critical violation on realistic content, ${name}`, async () => {
      const { stack } = suite
      const v = await suite.open(file, theme ? { tag: { theme } } : {})
      const audit = async (step: string) => expect(await auditWidget(v.page), step).toEqual([])
      await realisticAnswer(v.page, stack, answer, audit)
      const dark = await v.page.locator('.app > .root.dark').count()
      expect(dark, 'the theme').toBe(name.startsWith('dark') ? 1 : 0)
      await failedAnswer(v.page, stack)
      await audit('error and retry')
      expectClean(v, stack, { allowConsole: [/status of 5\d\d/] })
    })
  }

  it('forced colours: launcher, panel edges, every button and the focus ring stay visible', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html')
    const { page } = v
    await realisticAnswer(page, stack, ANSWER)
    await part(page, 'input').fill('Thanks!')
    await page.emulateMedia({ forcedColors: 'active' })
    const report = await page.evaluate(forcedColorsReport)
    expect(report.forced, 'forced colours are on').toBe(true)
    expect(report.parts.length).toBeGreaterThanOrEqual(9)
    expect(report.parts.filter((p) => !p.visible)).toEqual([])
    expect(report.pressed, 'the pressed like button looks pressed').not.toBe(report.unpressed)
    expect(report.glyph.fill, 'the launcher has its glyph').not.toBe('missing')
    expect(report.glyph.fill, 'the launcher’s glyph shows').not.toBe(report.glyph.behind)

    // The focus ring, on a button reached by keyboard.
    await part(page, 'input').focus()
    await page.keyboard.press('Shift+Tab')
    const ring = await page.evaluate(focusRing)
    expect(ring).toMatchObject({ inWidget: true, visible: true })
    expectClean(v, stack)
  })

  for (const viewport of [
    { width: 320, height: 568 },
    { width: 640, height: 400 },
  ]) {
    it(`reflows at ${viewport.width}×${viewport.height} CSS px: no sideways scrolling, scroll regions reachable by keyboard`, async () => {
      const { stack } = suite
      const v = await suite.open('basic.html', { viewport })
      const { page } = v
      await realisticAnswer(page, stack, ANSWER)
      await part(page, 'input').fill('One more question')
      const r = await page.evaluate(reflowReport)
      expect(r.pageScrollWidth, 'no horizontal page scroll').toBeLessThanOrEqual(r.innerWidth)
      const { panel } = r
      expect(
        panel.x >= 0 &&
          panel.y >= 0 &&
          panel.right <= r.innerWidth + 0.5 &&
          panel.bottom <= r.innerHeight + 0.5,
        `panel ${JSON.stringify(panel)} inside the viewport`,
      ).toBe(true)
      expect(r.log.scrollWidth, 'the log does not scroll sideways').toBeLessThanOrEqual(
        r.log.clientWidth,
      )
      expect(r.overflowing, 'wide blocks stay inside the log').toEqual([])
      // The code block and the table are wider than the panel: each scrolls by itself, from the keyboard.
      expect(r.scrollers.map((s) => s.tag).sort()).toEqual(['div', 'pre'])
      for (const s of r.scrollers) {
        expect(s, 'a focusable, named scroll region').toMatchObject({ tabIndex: 0, named: true })
      }
      for (const name of ['input', 'send'] as const) {
        expect(await part(page, name).isVisible(), name).toBe(true)
        expect(await isOnTop(part(page, name)), `${name} is not covered`).toBe(true)
        const b = await part(page, name).boundingBox()
        expect(b && b.x >= 0 && b.y >= 0, name).toBe(true)
        expect(b && b.x + b.width <= r.innerWidth && b.y + b.height <= r.innerHeight, name).toBe(
          true,
        )
      }
      expectClean(v, stack)
    })
  }

  it('targets: every control is at least 24×24 CSS px, or spaced as 2.5.8 allows', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html')
    const { page } = v
    await realisticAnswer(page, stack, ANSWER)
    await messages(page, 'assistant').last().locator('summary').click()
    await failedAnswer(page, stack)
    const { checked, failing } = await page.evaluate(targetReport)
    // launcher, new, close, copy code, sources, 2 source links, copy, like, dislike, retry, textarea, send
    expect(checked).toBeGreaterThanOrEqual(13)
    expect(failing).toEqual([])
    expectClean(v, stack, { allowConsole: [/status of 5\d\d/] })
  })

  it('honours prefers-reduced-motion: no open animation, no smooth scrolling', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html')
    const { page } = v
    await page.evaluate(recordSmoothScrolls)
    const animation = () =>
      part(page, 'panel').evaluate((el) => {
        const s = getComputedStyle(el)
        return { name: s.animationName, seconds: Number.parseFloat(s.animationDuration) }
      })

    await page.emulateMedia({ reducedMotion: 'no-preference' })
    await openPanel(page)
    const moving = await animation()
    expect(moving.name, 'without the preference the panel animates in').not.toBe('none')
    expect(moving.seconds).toBeGreaterThan(0)
    await part(page, 'close').click()

    await page.emulateMedia({ reducedMotion: 'reduce' })
    await openPanel(page)
    const still = await animation()
    expect(still.name === 'none' || still.seconds === 0, JSON.stringify(still)).toBe(true)
    stack.upstream.next({ answer: ANSWER })
    await ask(page, 'Which boot?')
    const smooth = await page.evaluate(smoothScrolling)
    expect(smooth).toEqual([])
    expectClean(v, stack)
  })

  it('focus is never trapped in the panel, and never hidden behind it or the launcher', async () => {
    const { stack } = suite
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 640, height: 480 },
      { width: 375, height: 667 },
    ]) {
      const v = await suite.open('basic.html', { viewport })
      const { page } = v
      const at = `at ${viewport.width}×${viewport.height}`
      await openPanel(page)
      stack.upstream.next({ answer: ANSWER })
      await ask(page, 'Which boot?')

      // Each round starts in the composer of the open panel (leaving it may have closed the panel).
      // The app may scroll the page (or close the panel) in the frame after focus moves.
      const settle = () =>
        page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))))
      const fromComposer = async () => {
        await settle()
        if (!(await part(page, 'panel').isVisible())) await openPanel(page)
        await part(page, 'input').focus()
        expect(await focusedPart(page)).toBe('input')
      }

      // Inside the widget: every control reached by Shift+Tab from the composer shows in full.
      await fromComposer()
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press('Shift+Tab')
        const where = await page.evaluate(focusInsideWidget)
        if (!where) break
        expect(where.clear, `${where.what} ${at} is not under the header or composer`).toBe(true)
      }

      // Out of the widget: Tab leaves the composer, Shift+Tab comes back.
      await fromComposer()
      let left = false
      for (let i = 0; i < 4 && !left; i++) {
        await page.keyboard.press('Tab')
        left = (await focusedPart(page)) === null
      }
      expect(left, `Tab leaves the widget ${at}`).toBe(true)
      await page.keyboard.press('Shift+Tab')
      expect(await focusedPart(page), `Shift+Tab comes back ${at}`).toBe('input')

      // Every page control reached by Tab while the panel is open is at least partly visible.
      await fromComposer()
      const seen: string[] = []
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Tab')
        await settle()
        const shown = await page.evaluate(pageFocusShown)
        if (shown === null) {
          if (seen.length) break
          continue
        }
        seen.push(shown.what)
        expect(shown.visible, `${shown.what} ${at} is not hidden by the widget`).toBe(true)
      }
      expect(seen, `page links reached ${at}`).toEqual(
        expect.arrayContaining(['Boots', 'Help', 'Shipping', 'Contact us']),
      )
      expectClean(v, stack)
    }
  })

  it('announces each answer once, politely, and never token by token', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html')
    const { page } = v
    const cdp = await page.context().newCDPSession(page)
    await openPanel(page)
    const first = 'Yes, the Ridge boot is waterproof and weighs 540 grams per boot in size 42.'
    stack.upstream.next({ answer: first, frameDelayMs: 120 })
    const index = await sendMessage(page, 'Is the Ridge waterproof?')
    const streaming = messages(page, 'assistant').nth(index)
    await until(
      async () => (await streaming.textContent()) ?? '',
      (text) => text.includes('waterproof'),
      'the answer streaming',
    )
    expect(await streaming.getAttribute('data-state')).toBe('streaming')
    const during = await liveRegions(cdp)
    expect(
      during.filter((r) => r.text.includes('Ridge')),
      'no live region reads the streaming answer',
    ).toEqual([])
    expect(await inLiveRegion(cdp, index), 'the streaming message is outside live regions').toBe(
      false,
    )
    await waitForAnswer(page, index)

    const holding = async (start: string) =>
      (await liveRegions(cdp)).filter((r) => r.text.includes(start))
    const once = await until(
      () => holding('Yes, the Ridge boot'),
      (regions) => regions.length > 0,
      'the announcement',
    )
    expect(once).toHaveLength(1)
    expect(once[0]?.live).toBe('polite')
    expect(once[0]?.text.split('Yes, the Ridge boot').length, 'said once').toBe(2)

    stack.upstream.next({ answer: 'The Summit boot is lined with leather.', frameDelayMs: 40 })
    await ask(page, 'And the Summit?')
    const second = await until(
      () => holding('The Summit boot'),
      (regions) => regions.length > 0,
      'the second announcement',
    )
    expect(second).toHaveLength(1)
    expect(second[0]?.live).toBe('polite')
    expect(await holding('Yes, the Ridge boot'), 'the first answer is replaced').toEqual([])
    await cdp.detach()
    expectClean(v, stack)
  })

  it('names every button, the composer and the dialog in all 8 languages', async () => {
    const { stack } = suite
    const langs = ['en', 'de', 'fr', 'es', 'pt', 'zh', 'ja', 'ar'] as const
    const english = new Set([...Object.values(en), ...launcherTexts('en')])
    /** English, and the language's word for the same thing too (German "Chat"). */
    const sameWord = (lang: (typeof langs)[number], name: string) => {
      const t = stringsFor(lang)
      const keys = Object.keys(en) as (keyof typeof en)[]
      return (
        keys.some((k) => en[k] === name && t[k] === name) ||
        launcherTexts(lang).some((w, i) => w === name && launcherTexts('en')[i] === name)
      )
    }
    /** One of the language's own texts, or one filled in ("Copy code (sh)", "Code: sh"). */
    const ownText = (lang: (typeof langs)[number], name: string) => {
      const t = stringsFor(lang)
      const [before = '', after = ''] = t.codeLang.split('{}')
      return (
        Object.values(t).includes(name) ||
        launcherTexts(lang).includes(name) ||
        name.startsWith(`${t.copyCode} (`) ||
        (name.startsWith(before) &&
          name.endsWith(after) &&
          name.length > before.length + after.length)
      )
    }
    const answer = `Run this:\n\n\`\`\`sh\nnpm install\n\`\`\`\n\n| Size | EU |\n|---|---|\n| S | 38 |`
    stack.upstream.next(...langs.map(() => ({ answer })))
    const results = await Promise.all(
      langs.map(async (lang) => {
        const v = await suite.open('basic.html', { tag: { lang } })
        const { page } = v
        await openPanel(page)
        await ask(page, 'How do I install it?')
        expect(await page.locator('.app > .root').getAttribute('lang'), 'the page asked for').toBe(
          lang,
        )
        // Suggested questions are the app's content, not the widget's words.
        await until(
          () => suggestions(page).count(),
          (n) => n > 0,
          'follow-up questions',
        )
        const content = new Set(await suggestions(page).allTextContents())
        const cdp = await page.context().newCDPSession(page)
        const named = await widgetControls(cdp)
        await cdp.detach()
        expectClean(v, stack)
        return { lang, named: named.filter((c) => !content.has(c.name)) }
      }),
    )
    for (const { lang, named } of results) {
      const roles = named.map((c) => c.role)
      expect(roles, lang).toContain('dialog')
      expect(roles, lang).toContain('textbox')
      // new, close, copy, like, dislike, send (disabled until text is typed)
      expect(roles.filter((r) => r === 'button').length, lang).toBeGreaterThanOrEqual(6)
      for (const c of named) expect(c.name.trim(), `${lang} ${c.role}`).not.toBe('')
      // The dialog is named by data-title, the site's own words; everything else is the widget's.
      const chrome = named.filter((c) => c.role !== 'dialog')
      expect(
        chrome.filter((c) => !ownText(lang, c.name)),
        `${lang}: names from the ${lang} texts`,
      ).toEqual([])
      if (lang === 'en') continue
      expect(
        chrome.filter((c) => english.has(c.name) && !sameWord(lang, c.name)),
        `${lang}: names are localized`,
      ).toEqual([])
    }
  })
})

// ---- In the page (serialized by Playwright: each function is self-contained) ----

interface ForcedPart {
  what: string
  visible: boolean
  border: string
  behind: string
}

/** Each part's boundary in forced colours: a border (or outline) unlike the colour behind it. */
function forcedColorsReport(): {
  forced: boolean
  parts: ForcedPart[]
  /** The launcher's glyph: its paint and the colour behind it. */
  glyph: { fill: string; behind: string }
  pressed: string
  unpressed: string
} {
  const root = document.querySelector('#parley-widget')?.shadowRoot
  if (!root) throw new Error('no widget')
  const probe = document.createElement('div')
  probe.style.cssText = 'forced-color-adjust:none;background:Canvas'
  document.body.append(probe)
  const canvas = getComputedStyle(probe).backgroundColor
  probe.remove()
  const transparent = (c: string) => c === 'transparent' || /^rgba\(.*, 0\)$/.test(c)
  const behind = (el: Element): string => {
    for (let e: Element | null = el.parentElement ?? (el.getRootNode() as ShadowRoot).host; e; ) {
      const bg = getComputedStyle(e).backgroundColor
      if (!transparent(bg)) return bg
      e = e.parentElement ?? ((e.getRootNode() as ShadowRoot).host || null)
    }
    return canvas
  }
  const edge = (el: Element): { visible: boolean; border: string; behind: string } => {
    const s = getComputedStyle(el)
    const back = behind(el)
    const sides = ['Top', 'Right', 'Bottom', 'Left'] as const
    const lines = sides.map((side) => ({
      width: Number.parseFloat(s.getPropertyValue(`border-${side.toLowerCase()}-width`)),
      style: s.getPropertyValue(`border-${side.toLowerCase()}-style`),
      color: s.getPropertyValue(`border-${side.toLowerCase()}-color`),
    }))
    const outline = {
      width: Number.parseFloat(s.outlineWidth),
      style: s.outlineStyle,
      color: s.outlineColor,
    }
    const shows = (l: { width: number; style: string; color: string }) =>
      l.width > 0 &&
      l.style !== 'none' &&
      l.style !== 'hidden' &&
      !transparent(l.color) &&
      l.color !== back
    return {
      visible: lines.every(shows) || shows(outline),
      border: lines.map((l) => `${l.width}px ${l.style} ${l.color}`).join(' / '),
      behind: back,
    }
  }
  const parts: [string, string][] = [
    ['launcher', '[data-parley="launcher"]'],
    ['panel', '[data-parley="panel"]'],
    ['new', '[data-parley="new"]'],
    ['close', '[data-parley="close"]'],
    ['send', '[data-parley="send"]'],
    ['input', '[data-parley="input"]'],
    ['copy', '.acts .ib:not(.like):not(.dislike)'],
    ['like', '.acts .like'],
    ['dislike', '.acts .dislike'],
    ['copy code', '.md .bar button'],
    ['suggestion', '[data-parley="messages"] > div > .btn'],
  ]
  const look = (selector: string) => {
    const el = root.querySelector(selector)
    return el ? getComputedStyle(el).backgroundColor : 'missing'
  }
  return {
    forced: matchMedia('(forced-colors: active)').matches,
    pressed: look('.acts .like'),
    unpressed: look('.acts .dislike'),
    glyph: (() => {
      const glyph = root.querySelector('[data-parley="launcher"] .g')
      return glyph
        ? { fill: getComputedStyle(glyph).backgroundColor, behind: behind(glyph) }
        : { fill: 'missing', behind: '' }
    })(),
    parts: parts.flatMap(([what, selector]) => {
      const el = root.querySelector(selector)
      return el ? [{ what, ...edge(el) }] : []
    }),
  }
}

/** The focused control inside the widget, and whether its focus outline shows against its background. */
function focusRing(): { inWidget: boolean; visible: boolean; outline: string; behind: string } {
  const root = document.querySelector('#parley-widget')?.shadowRoot
  const el = root?.activeElement
  if (!el?.matches(':focus-visible'))
    return { inWidget: false, visible: false, outline: '', behind: '' }
  const s = getComputedStyle(el)
  let behind = 'transparent'
  for (let e: Element | null = el.parentElement; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor
    if (bg !== 'transparent' && !/^rgba\(.*, 0\)$/.test(bg)) {
      behind = bg
      break
    }
  }
  const width = Number.parseFloat(s.outlineWidth)
  return {
    inWidget: true,
    visible: width > 0 && s.outlineStyle !== 'none' && s.outlineColor !== behind,
    outline: `${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}`,
    behind,
  }
}

interface Box {
  x: number
  y: number
  right: number
  bottom: number
}

function reflowReport() {
  const root = document.querySelector('#parley-widget')?.shadowRoot
  if (!root) throw new Error('no widget')
  const box = (el: Element): Box => {
    const r = el.getBoundingClientRect()
    return { x: r.x, y: r.y, right: r.right, bottom: r.bottom }
  }
  const log = root.querySelector('[data-parley="messages"]') as HTMLElement
  const logBox = log.getBoundingClientRect()
  const inLog = [...log.querySelectorAll<HTMLElement>('*')]
  const overflowing = inLog
    .filter((el) => {
      const r = el.getBoundingClientRect()
      return r.width > 0 && (r.left < logBox.left - 0.5 || r.right > logBox.right + 0.5)
    })
    // Content inside a scroll region may be wider than the log: the region clips it.
    .filter((el) => !el.parentElement?.closest('pre, .tbl'))
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
  const scrollers = inLog
    .filter((el) => {
      const s = getComputedStyle(el)
      return el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(s.overflowX)
    })
    .map((el) => ({
      tag: el.tagName.toLowerCase(),
      tabIndex: el.tabIndex,
      named: (el.getAttribute('aria-label') ?? '').trim() !== '',
    }))
  return {
    innerWidth,
    innerHeight,
    pageScrollWidth: document.documentElement.scrollWidth,
    panel: box(root.querySelector('[data-parley="panel"]') as Element),
    log: { scrollWidth: log.scrollWidth, clientWidth: log.clientWidth },
    overflowing,
    scrollers,
  }
}

/** 2.5.8: each target ≥ 24×24, or its 24 px circle clear of every other target and undersized circle. */
function targetReport(): { checked: number; failing: string[] } {
  const root = document.querySelector('#parley-widget')?.shadowRoot
  if (!root) throw new Error('no widget')
  const inline = (a: Element) =>
    [...(a.parentElement?.childNodes ?? [])].some(
      (n) => n !== a && (n.textContent ?? '').trim() !== '',
    )
  const targets = [
    ...root.querySelectorAll<HTMLElement>('button, summary, textarea, input, a[href]'),
  ]
    .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
    .filter((el) => !(el.tagName === 'A' && inline(el)))
    .map((el) => {
      const r = el.getBoundingClientRect()
      const label = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''
      return {
        what: `${el.tagName.toLowerCase()} "${label.slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`,
        r,
        cx: r.x + r.width / 2,
        cy: r.y + r.height / 2,
        small: r.width < 24 - 0.01 || r.height < 24 - 0.01,
      }
    })
  const distToRect = (x: number, y: number, r: DOMRect) =>
    Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom))
  const failing = targets
    .filter((t) => t.small)
    .filter((t) =>
      targets.some(
        (o) =>
          o !== t &&
          (distToRect(t.cx, t.cy, o.r) < 12 ||
            (o.small && Math.hypot(o.cx - t.cx, o.cy - t.cy) < 24)),
      ),
    )
    .map((t) => t.what)
  return { checked: targets.length, failing }
}

function recordSmoothScrolls(): void {
  const seen: string[] = []
  Object.defineProperty(window, '__smooth', { value: seen })
  const wrap = (proto: object, name: string) => {
    const target = proto as Record<string, (...args: unknown[]) => unknown>
    const original = target[name]
    if (typeof original !== 'function') return
    target[name] = function (this: unknown, ...args: unknown[]) {
      const options = args[0] as { behavior?: string } | undefined
      if (options && typeof options === 'object' && options.behavior === 'smooth') seen.push(name)
      return original.apply(this, args)
    }
  }
  for (const name of ['scroll', 'scrollTo', 'scrollBy', 'scrollIntoView']) {
    wrap(Element.prototype, name)
    wrap(window, name)
  }
}

/** Smooth scrolls asked for by script, and elements whose CSS scrolls smoothly. */
function smoothScrolling(): string[] {
  const root = document.querySelector('#parley-widget')?.shadowRoot
  const styled = [...(root?.querySelectorAll('*') ?? [])]
    .filter((el) => getComputedStyle(el).scrollBehavior === 'smooth')
    .map((el) => `css: ${el.tagName.toLowerCase()}.${el.className}`)
  return [...((window as unknown as { __smooth?: string[] }).__smooth ?? []), ...styled]
}

/** The focused widget control, and whether it lies clear of the header and the composer. */
function focusInsideWidget(): { what: string; clear: boolean } | null {
  const root = document.querySelector('#parley-widget')?.shadowRoot
  if (!root || document.activeElement !== root.host) return null
  const el = root.activeElement as HTMLElement | null
  const log = root.querySelector('[data-parley="messages"]')
  if (!el || !log?.contains(el) || el === log) return { what: el?.tagName ?? '?', clear: true }
  const r = el.getBoundingClientRect()
  const head = (root.querySelector('.head') as Element).getBoundingClientRect()
  const comp = (root.querySelector('.comp') as Element).getBoundingClientRect()
  // A tall region (the code block) need only show in part; a control must show whole.
  const tall = r.height > comp.top - head.bottom
  const clear = tall
    ? r.bottom > head.bottom && r.top < comp.top
    : r.top >= head.bottom - 0.5 && r.bottom <= comp.top + 0.5
  const label = el.getAttribute('aria-label') ?? el.textContent ?? ''
  return { what: `${el.tagName.toLowerCase()} "${label.trim().slice(0, 20)}"`, clear }
}

/** The focused page element (outside the widget): is any of its centre and corners not the widget? */
function pageFocusShown(): { what: string; visible: boolean } | null {
  const el = document.activeElement
  const host = document.querySelector('#parley-widget')
  if (!el || el === document.body || el === host) return null
  const r = el.getBoundingClientRect()
  const points = [
    [0.5, 0.5],
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ].map(([fx = 0, fy = 0]) => [r.left + 1 + fx * (r.width - 2), r.top + 1 + fy * (r.height - 2)])
  const visible = points.some(([x = 0, y = 0]) => {
    const hit = document.elementFromPoint(x, y)
    return hit !== null && hit !== host
  })
  return { what: (el.textContent ?? '').trim(), visible }
}

// ---- The accessibility tree, through the DevTools protocol ----

interface AXValue {
  value?: unknown
}
interface AXNode {
  nodeId: string
  ignored: boolean
  role?: AXValue
  name?: AXValue
  properties?: { name: string; value: AXValue }[]
  childIds?: string[]
  parentId?: string
  backendDOMNodeId?: number
}

async function widgetTree(cdp: CDPSession): Promise<{
  nodes: Map<string, AXNode>
  inWidget: AXNode[]
}> {
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as unknown as {
    nodes: AXNode[]
  }
  const byId = new Map(nodes.map((n) => [n.nodeId, n]))
  const host = await backendId(cdp, `document.querySelector('#parley-widget')`)
  const inWidget = nodes.filter((n) => {
    for (let p: AXNode | undefined = n; p; p = p.parentId ? byId.get(p.parentId) : undefined) {
      if (p.backendDOMNodeId === host) return true
    }
    return false
  })
  return { nodes: byId, inWidget }
}

async function backendId(cdp: CDPSession, expression: string): Promise<number> {
  const { result } = await cdp.send('Runtime.evaluate', { expression })
  if (!result.objectId) throw new Error(`no element for ${expression}`)
  const { node } = await cdp.send('DOM.describeNode', { objectId: result.objectId })
  return node.backendNodeId
}

const prop = (n: AXNode, name: string) => n.properties?.find((p) => p.name === name)?.value.value

function textIn(nodes: Map<string, AXNode>, n: AXNode): string {
  if (n.role?.value === 'StaticText') return String(n.name?.value ?? '')
  return (n.childIds ?? [])
    .map((id) => nodes.get(id))
    .map((c) => (c ? textIn(nodes, c) : ''))
    .join('')
}

/** The widget's live regions (polite or assertive) with the text they hold. */
async function liveRegions(cdp: CDPSession): Promise<{ live: string; text: string }[]> {
  const { nodes, inWidget } = await widgetTree(cdp)
  const live = (n: AXNode | undefined) => {
    const value = n && prop(n, 'live')
    return value === 'polite' || value === 'assertive' ? String(value) : null
  }
  return inWidget
    .filter((n) => live(n) && !live(n.parentId ? nodes.get(n.parentId) : undefined))
    .map((n) => ({ live: String(live(n)), text: textIn(nodes, n) }))
}

/** Whether assistant message `index`, or any of its ancestors, is (in) a polite or assertive live region. */
async function inLiveRegion(cdp: CDPSession, index: number): Promise<boolean> {
  const { nodes, inWidget } = await widgetTree(cdp)
  const id = await backendId(
    cdp,
    `document.querySelector('#parley-widget').shadowRoot.querySelectorAll('[data-parley="message"][data-role="assistant"]')[${index}]`,
  )
  const start = inWidget.find((n) => n.backendDOMNodeId === id)
  if (!start) throw new Error('the message is not in the accessibility tree')
  for (let p: AXNode | undefined = start; p; p = p.parentId ? nodes.get(p.parentId) : undefined) {
    const live = prop(p, 'live')
    if (live === 'polite' || live === 'assertive') return true
  }
  return false
}

/** The widget's buttons, text boxes, dialog, log and regions with their accessible names. */
async function widgetControls(cdp: CDPSession): Promise<{ role: string; name: string }[]> {
  const { inWidget } = await widgetTree(cdp)
  return inWidget
    .filter((n) => !n.ignored)
    .map((n) => ({ role: String(n.role?.value ?? ''), name: String(n.name?.value ?? '') }))
    .filter((c) => ['button', 'textbox', 'dialog', 'log', 'region'].includes(c.role))
}
