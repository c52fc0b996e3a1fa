/**
 * Debian's WebKitGTK through its WebDriver: `WebKitWebDriver` (webkit2gtk-driver) drives
 * `MiniBrowser` (installed by libwebkit2gtk-4.1-0) with `--automation`, through webdriverio in
 * WebDriver classic mode. MiniBrowser has no headless mode and hangs without a display, so the
 * driver runs under `xvfb-run` and every session request is bounded by a timeout.
 *
 * What classic WebDriver does not give, the driver builds:
 * - console errors: the in-page trap (`page-trap.ts`) that the stack loads before the widget, read
 *   (and emptied) before every navigation and at the end;
 * - a click on the composer: WebKit answers "element click intercepted" for an element click in a
 *   shadow root, so every click is a pointer action at a point (the same as in the other engines);
 * - typing: one key down/up per character.
 *
 * Each visit is its own session (a new MiniBrowser, about half a second), so no storage is shared.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { promisify } from 'node:util'
import { remote } from 'webdriverio'
import {
  DEFAULT_VIEWPORT,
  type Engine,
  type EngineDriver,
  type Key,
  type PageFunction,
  type Viewport,
  within,
} from '../engine.ts'
import type { PageTrap } from '../page-trap.ts'

const WEBDRIVER = process.env.WEBKIT_WEBDRIVER_PATH ?? '/usr/bin/WebKitWebDriver'
/**
 * Session creation: MiniBrowser starts in about half a second (1.6 s at most on a loaded 2-core
 * machine). Rarely (about once in 150 sessions here) the request hangs instead; then the driver
 * and its display are restarted and the session requested once more.
 */
const SESSION_TIMEOUT = 10_000
const COMMAND_TIMEOUT = 15_000

/** WebDriver's code points for the keys journeys press. */
const KEYS: Record<Key, string[]> = {
  Enter: ['\uE007'],
  'Shift+Enter': ['\uE008', '\uE007'],
  Escape: ['\uE00C'],
  Tab: ['\uE004'],
  'Shift+Tab': ['\uE008', '\uE004'],
}

/** The MiniBrowser that libwebkit2gtk-4.1-0 installs (its path depends on the architecture). */
async function miniBrowserPath(): Promise<string> {
  if (process.env.MINIBROWSER_PATH) return process.env.MINIBROWSER_PATH
  const { stdout } = await promisify(execFile)('dpkg', ['-L', 'libwebkit2gtk-4.1-0'])
  const path = stdout.split('\n').find((line) => line.endsWith('/MiniBrowser'))
  if (!path) {
    throw new Error(
      'No MiniBrowser in `dpkg -L libwebkit2gtk-4.1-0`: run scripts/ensure-system-deps.sh',
    )
  }
  return path
}

async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** WebKitGTK's own capability (webdriverio's types do not list it). */
interface WebKitGtkCapabilities {
  'webkitgtk:browserOptions': { binary: string; args: string[] }
}

interface Driver {
  port: number
  /** The driver's processes and its recent output, for an error message. */
  diagnose(): Promise<string>
  stop(): Promise<void>
}

/** WebKitWebDriver under xvfb-run, in its own process group (stopped together: Xvfb, driver, browsers). */
async function startDriver(): Promise<Driver> {
  const port = await freePort()
  const child: ChildProcess = spawn(
    'xvfb-run',
    [
      '--auto-servernum',
      '--server-args=-screen 0 1600x1200x24',
      WEBDRIVER,
      `--port=${port}`,
      // A session left behind (e.g. by a timed-out request) must not block the next one.
      '--replace-on-new-session',
    ],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  )
  const log: string[] = []
  child.stderr?.on('data', (chunk) => log.push(String(chunk)))
  const pid = child.pid
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (pid) process.kill(-pid, signal)
    } catch {
      // already gone
    }
  }
  // Leave no Xvfb or MiniBrowser behind if the test process exits without closing the engine.
  const onExit = () => killGroup('SIGKILL')
  process.once('exit', onExit)
  const stop = async () => {
    process.off('exit', onExit)
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    killGroup('SIGTERM')
    await within(exited, 5000, 'xvfb-run to stop').catch(() => killGroup('SIGKILL'))
  }

  const diagnose = async () => {
    const processes = await promisify(execFile)('ps', ['-eo', 'pid,pgid,stat,etimes,args']).then(
      ({ stdout }) =>
        stdout
          .split('\n')
          .filter((line) => line.trim().split(/\s+/)[1] === String(pid))
          .map((line) => line.trim())
          .join('\n'),
      (error) => `(ps: ${error})`,
    )
    return `processes:\n${processes}\ndriver output:\n${log.join('').slice(-2000)}`
  }

  const deadline = Date.now() + 15_000
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`xvfb-run ${WEBDRIVER} exited with ${child.exitCode}: ${log.join('')}`)
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`)
      if (res.ok) return { port, diagnose, stop }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`WebKitWebDriver did not listen on ${port} within 15 s: ${log.join('')}`)
    }
    await sleep(100)
  }
}

export async function launchWebKitEngine(): Promise<Engine> {
  const binary = await miniBrowserPath()
  let driver = await startDriver()

  const capabilities: WebdriverIO.Capabilities & WebKitGtkCapabilities = {
    browserName: 'MiniBrowser',
    // WebKitWebDriver speaks classic WebDriver only: no BiDi `webSocketUrl`.
    'wdio:enforceWebDriverClassic': true,
    // Full screen hides MiniBrowser's toolbar: the window is then all viewport, so it can be sized
    // to any viewport (with the toolbar, it cannot be narrower than about 450 px). Without a window
    // manager under Xvfb, it does not actually cover the screen.
    'webkitgtk:browserOptions': { binary, args: ['--automation', '--full-screen'] },
  }
  const requestSession = () =>
    within(
      remote({
        hostname: '127.0.0.1',
        port: driver.port,
        path: '/',
        logLevel: 'silent',
        connectionRetryCount: 0,
        connectionRetryTimeout: SESSION_TIMEOUT,
        capabilities,
      }),
      SESSION_TIMEOUT + 1000,
      'WebKit session (MiniBrowser under xvfb-run)',
    )
  const newSession = async () => {
    const started = Date.now()
    try {
      return await requestSession()
    } catch (error) {
      const report = `WebKit: no session after ${Date.now() - started} ms: ${error}\n${await driver.diagnose()}`
      // Visible in the test output: a hang that a retry hides is still counted.
      console.warn(`${report}\nWebKit: restarting WebKitWebDriver and Xvfb, then retrying once`)
      await driver.stop()
      driver = await startDriver()
      try {
        return await requestSession()
      } catch (again) {
        throw new Error(
          `${report}\nand again after a restart: ${again}\n${await driver.diagnose()}`,
        )
      }
    }
  }

  type Session = Awaited<ReturnType<typeof newSession>>

  /** Sizes the window so that the layout viewport is exactly `viewport`. */
  async function fitViewport(session: Session, viewport: Viewport): Promise<void> {
    await session.setWindowSize(viewport.width, viewport.height)
    const inner = await session.execute(() => [window.innerWidth, window.innerHeight])
    const [w = 0, h = 0] = inner
    if (w === viewport.width && h === viewport.height) return
    await session.setWindowSize(viewport.width * 2 - w, viewport.height * 2 - h)
    const [w2, h2] = await session.execute(() => [window.innerWidth, window.innerHeight])
    if (w2 !== viewport.width || h2 !== viewport.height) {
      throw new Error(
        `WebKit viewport is ${w2}×${h2}, not ${viewport.width}×${viewport.height} (window chrome?)`,
      )
    }
  }

  // Check once, at launch, that a session can be created: a broken display fails here, clearly.
  let version: string
  try {
    const probe = await newSession()
    version = `MiniBrowser/${probe.capabilities.browserVersion ?? '?'}`
    await within(probe.deleteSession(), COMMAND_TIMEOUT, 'WebKit: closing the probe session')
  } catch (error) {
    await driver.stop()
    throw error
  }

  return {
    name: 'webkit',
    version,
    async open(url, options = {}) {
      const session = await newSession()
      const errors: string[] = []
      /** Moves the page's trapped errors here (the trap dies with the document). */
      const harvest = async (required: boolean) => {
        const fresh = await session.execute(() => {
          const trap = (window as unknown as { __parleyTrap?: PageTrap }).__parleyTrap
          return trap ? trap.errors.splice(0) : null
        })
        if (fresh) errors.push(...fresh)
        else if (required) {
          throw new Error('WebKit: this page has no console trap (startStack with headScript)')
        }
      }
      try {
        await fitViewport(session, options.viewport ?? DEFAULT_VIEWPORT)
        await session.url(url)
      } catch (error) {
        await session.deleteSession().catch(() => {})
        throw error
      }
      const driver: EngineDriver = {
        engine: 'webkit',
        goto: async (to) => {
          await harvest(false)
          await session.url(to)
        },
        reload: async () => {
          await harvest(false)
          await session.refresh()
        },
        evaluate: (fn, arg) =>
          session.execute(fn as PageFunction, (arg ?? null) as unknown) as Promise<never>,
        clickAt: (x, y) =>
          session
            .action('pointer', { parameters: { pointerType: 'mouse' } })
            .move({ x: Math.round(x), y: Math.round(y), origin: 'viewport' })
            .down({ button: 0 })
            .up({ button: 0 })
            .perform(),
        type: async (text) => {
          const keys = session.action('key')
          for (const char of text) keys.down(char).up(char)
          await keys.perform()
        },
        press: async (key) => {
          const keys = session.action('key')
          for (const k of KEYS[key]) keys.down(k)
          for (const k of [...KEYS[key]].reverse()) keys.up(k)
          await keys.perform()
        },
        consoleErrors: async () => {
          await harvest(true)
          return [...errors]
        },
        screenshot: async () =>
          Buffer.from(
            await within(session.takeScreenshot(), COMMAND_TIMEOUT, 'WebKit: screenshot'),
            'base64',
          ),
        close: () =>
          within(session.deleteSession(), COMMAND_TIMEOUT, 'WebKit: closing the session').then(
            () => undefined,
          ),
      }
      return driver
    },
    close: () => driver.stop(),
  }
}
