/**
 * Debian's Firefox ESR through puppeteer-core over WebDriver BiDi (puppeteer-core never downloads a
 * browser). Each visit is a BiDi user context: its own cookies and storage.
 */
import puppeteer, { type KeyInput, type Page } from 'puppeteer-core'
import {
  DEFAULT_VIEWPORT,
  type Engine,
  type EngineDriver,
  type Key,
  type PageFunction,
} from '../engine.ts'

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'

async function press(page: Page, key: Key): Promise<void> {
  const [modifier, name] = key.includes('+') ? key.split('+') : [undefined, key]
  if (modifier) await page.keyboard.down(modifier as KeyInput)
  await page.keyboard.press(name as KeyInput)
  if (modifier) await page.keyboard.up(modifier as KeyInput)
}

export async function launchFirefoxEngine(): Promise<Engine> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: {
      // No network beyond the test's loopback servers.
      'network.captive-portal-service.enabled': false,
      'browser.safebrowsing.update.enabled': false,
      'app.update.enabled': false,
    },
  })
  return {
    name: 'firefox',
    version: await browser.version(),
    async open(url, options = {}) {
      const context = await browser.createBrowserContext()
      const page = await context.newPage()
      page.setDefaultTimeout(8000)
      await page.setViewport(options.viewport ?? DEFAULT_VIEWPORT)
      const errors: string[] = []
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text())
      })
      page.on('pageerror', (error) =>
        errors.push(`uncaught: ${error instanceof Error ? error.message : String(error)}`),
      )
      await page.goto(url)
      const driver: EngineDriver = {
        engine: 'firefox',
        goto: async (to) => {
          await page.goto(to)
        },
        reload: async () => {
          await page.reload()
        },
        evaluate: (fn, arg) => page.evaluate(fn as PageFunction, arg ?? null) as Promise<never>,
        clickAt: (x, y) => page.mouse.click(x, y),
        type: (text) => page.keyboard.type(text),
        press: (key) => press(page, key),
        consoleErrors: async () => [...errors],
        screenshot: () => page.screenshot(),
        close: () => context.close(),
      }
      return driver
    },
    close: () => browser.close(),
  }
}
