/**
 * `pnpm --filter @parley/examples screenshot`: the README's picture. Starts the relay in demo mode and the
 * example server, opens basic.html in Chromium, asks one question, waits for the answer and writes
 * docs/screenshot.png.
 */
import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { createRelay } from '../relay/src/app.ts'
import { loadConfig } from '../relay/src/config.ts'
import { launchChromium } from './harness/browser.ts'
import { widgetFiles } from './harness/stack.ts'
import { ask, messages, openPanel } from './harness/widget.ts'
import { startExampleServer } from './server.ts'

const output = fileURLToPath(new URL('../docs/screenshot.png', import.meta.url))
const question = process.env.SCREENSHOT_QUESTION ?? 'What is Parley?'

const widgetFile = await widgetFiles()
// No DIFY_API_KEY: demo mode, against the relay's built-in demo upstream.
const relay = createRelay(loadConfig({ LOG_LEVEL: 'warn' }), { widgetFile })
const server = serve({ fetch: relay.fetch, port: 0, hostname: '127.0.0.1' })
await new Promise<void>((resolve) => {
  if (server.listening) resolve()
  else server.once('listening', () => resolve())
})
const relayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const pages = await startExampleServer({ relayUrl, host: '127.0.0.1' })
const browser = await launchChromium()

try {
  const context = await browser.newContext({
    viewport: { width: 1200, height: 760 },
    colorScheme: 'light',
  })
  const page = await context.newPage()
  await page.goto(`${pages.url}/basic.html`)
  await openPanel(page)
  await ask(page, question)
  // Show the question and the start of the answer rather than the end of a long answer.
  await messages(page, 'user')
    .last()
    .evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await page.waitForTimeout(300)
  await mkdir(fileURLToPath(new URL('../docs/', import.meta.url)), { recursive: true })
  await page.screenshot({ path: output })
  console.log(`Wrote ${output}`)
} finally {
  await browser.close()
  await pages.close()
  if ('closeAllConnections' in server) server.closeAllConnections()
  server.close()
}
