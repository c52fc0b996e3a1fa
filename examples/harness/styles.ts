/** Computed-style snapshots, to compare the widget across host pages and a host page with and without it. */
import type { Locator, Page } from 'playwright-core'

/** Inherited properties: the ones a host page's CSS could push through the shadow boundary. */
export const INHERITED = [
  'color',
  'cursor',
  'direction',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'letter-spacing',
  'line-height',
  'text-align',
  'text-indent',
  'text-shadow',
  'text-transform',
  'visibility',
  'white-space',
  'word-spacing',
] as const

/** What a visitor sees of a box: size, spacing, border, background, shadow. */
export const BOX = [
  'width',
  'height',
  'box-sizing',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'border-top-width',
  'border-top-style',
  'border-top-color',
  'border-top-left-radius',
  'background-color',
  'box-shadow',
  'opacity',
  'z-index',
] as const

/** Computed values of `properties` on the element, plus its distance from the viewport's right and bottom. */
export function styleOf(
  locator: Locator,
  properties: readonly string[],
): Promise<Record<string, string>> {
  return locator.evaluate((el, props) => {
    const style = getComputedStyle(el)
    const out: Record<string, string> = {}
    for (const p of props) out[p] = style.getPropertyValue(p)
    const rect = el.getBoundingClientRect()
    const doc = document.documentElement
    out['offset-right'] = (doc.clientWidth - rect.right).toFixed(1)
    out['offset-bottom'] = (doc.clientHeight - rect.bottom).toFixed(1)
    return out
  }, properties)
}

/**
 * Every computed property of every element of the host page (html, head excluded, the widget's host
 * element excluded), plus the page's scroll size and stylesheet counts.
 */
export function hostPageStyles(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {}
    const doc = document.documentElement
    out['scroll-size'] = `${doc.scrollWidth}x${doc.scrollHeight}`
    out['document.styleSheets'] = String(document.styleSheets.length)
    out['document.adoptedStyleSheets'] = String(document.adoptedStyleSheets.length)
    out['head children'] = String(document.head.children.length)
    const elements = [doc, ...document.body.querySelectorAll('*')].filter(
      (el) => el.id !== 'parley-widget' && el.tagName !== 'SCRIPT',
    )
    elements.forEach((el, i) => {
      const style = getComputedStyle(el)
      const name = `${i} ${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}`
      for (let j = 0; j < style.length; j++) {
        const prop = style.item(j)
        out[`${name} ${prop}`] = style.getPropertyValue(prop)
      }
    })
    return out
  })
}

/** The keys whose values differ between two snapshots (missing keys count as different). */
export function differences(a: Record<string, string>, b: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].filter((k) => a[k] !== b[k]).map((k) => `${k}: ${a[k]} → ${b[k]}`)
}

/** Relative luminance (0 dark … 1 light) of a CSS color, as the page resolves it. */
export function luminance(page: Page, color: string): Promise<number> {
  return page.evaluate((c) => {
    const ctx = document.createElement('canvas').getContext('2d')
    if (!ctx) return -1
    ctx.fillStyle = c
    ctx.fillRect(0, 0, 1, 1)
    const [r = 0, g = 0, b = 0] = ctx.getImageData(0, 0, 1, 1).data
    const lin = (v: number) => {
      const s = v / 255
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
    }
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
  }, color)
}
