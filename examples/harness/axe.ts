/** axe-core in the page, on the widget's shadow DOM, with the WCAG 2.2 AA and best-practice rules. */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** design.md "Browsers and accessibility". */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice']

export interface Violation {
  id: string
  impact: string | null
  help: string
  targets: string[]
}

let axeSource: string | undefined

/**
 * Runs axe-core on a widget's host (`#parley-widget`, or a later widget's) and returns its serious
 * and critical violations. axe goes in through the DevTools protocol, not a script tag, so a page's
 * strict CSP does not refuse it.
 */
export async function auditWidget(page: Page, host = '#parley-widget'): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    axeSource ??= await readFile(axePath, 'utf8')
    await page.evaluate(axeSource)
  }
  const violations = await page.evaluate(
    async ([host, tags]) => {
      type Axe = typeof import('axe-core')
      const axe = (window as unknown as { axe: Axe }).axe
      const result = await axe.run(
        { include: [[host]] },
        { resultTypes: ['violations'], runOnly: { type: 'tag', values: tags } },
      )
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        targets: v.nodes.map((n) => JSON.stringify(n.target)),
      }))
    },
    [host, AXE_TAGS] as const,
  )
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}
