/** Debian's Chromium through playwright-core (the same launch as the Chromium-only tests). */
import type { ConsoleMessage } from 'playwright-core'
import { launchChromium } from '../browser.ts'
import { DEFAULT_VIEWPORT, type Engine, type EngineDriver, type PageFunction } from '../engine.ts'

export async function launchChromiumEngine(): Promise<Engine> {
  const browser = await launchChromium()
  return {
    name: 'chromium',
    version: `chromium/${browser.version()}`,
    async open(url, options = {}) {
      const context = await browser.newContext({ viewport: options.viewport ?? DEFAULT_VIEWPORT })
      context.setDefaultTimeout(8000)
      const page = await context.newPage()
      const errors: string[] = []
      page.on('console', (message: ConsoleMessage) => {
        if (message.type() === 'error') errors.push(message.text())
      })
      page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`))
      await page.goto(url)
      const driver: EngineDriver = {
        engine: 'chromium',
        goto: async (to) => {
          await page.goto(to)
        },
        reload: async () => {
          await page.reload()
        },
        evaluate: (fn, arg) => page.evaluate(fn as PageFunction, arg ?? null) as Promise<never>,
        clickAt: (x, y) => page.mouse.click(x, y),
        type: (text) => page.keyboard.type(text),
        // Key names are Playwright's.
        press: (key) => page.keyboard.press(key),
        consoleErrors: async () => [...errors],
        screenshot: () => page.screenshot(),
        close: () => context.close(),
      }
      return driver
    },
    close: () => browser.close(),
  }
}
