/**
 * The processes under test: the test upstream and the relay's real Node entry, each a child of the
 * bench (the load generator), so none of them shares an event loop with the others.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { copyFile, cp, mkdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Scenario } from '@parley/emulator/server'

// `node --import <tsx loader>` rather than the tsx CLI: one process per child, so a kill reaches it.
const tsxLoader = new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href
const upstreamScript = fileURLToPath(new URL('./upstream-process.ts', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
let relayBundle = join(repoRoot, 'relay/dist/node.js')
const relaySource = join(repoRoot, 'relay/src/node.ts')
let frozenAt: string | null = null

/**
 * Copies the built relay (`relay/dist/node.js` and its `chunks/`) and the widget build beside it
 * (`widget/dist/`, which the entry finds two levels up, beside pnpm-workspace.yaml) to a directory
 * of their own, and runs every later relay from there: the whole run measures the build it started
 * with, even when the widget is rebuilt in the repository meanwhile (the test command builds it).
 * Returns the copy's widget/dist, or null when the relay is not built (then the relay runs from
 * source, unfrozen).
 */
export async function freezeBuild(): Promise<string | null> {
  const bundle = join(repoRoot, 'relay/dist/node.js')
  if (!existsSync(bundle)) return null
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-build-'))
  await mkdir(join(dir, 'relay/dist'), { recursive: true })
  await copyFile(bundle, join(dir, 'relay/dist/node.js'))
  // What the bundle loads on demand (Redis, metrics, the demo emulator).
  await cp(join(repoRoot, 'relay/dist/chunks'), join(dir, 'relay/dist/chunks'), { recursive: true })
  await copyFile(join(repoRoot, 'relay/package.json'), join(dir, 'relay/package.json'))
  await cp(join(repoRoot, 'widget/dist'), join(dir, 'widget/dist'), { recursive: true })
  await copyFile(join(repoRoot, 'widget/package.json'), join(dir, 'widget/package.json'))
  // The relay takes the nearest folder above it with pnpm-workspace.yaml for the repository root.
  await copyFile(join(repoRoot, 'pnpm-workspace.yaml'), join(dir, 'pnpm-workspace.yaml'))
  relayBundle = join(dir, 'relay/dist/node.js')
  frozenAt = dir
  return join(dir, 'widget/dist/')
}

/** Generous limits: the limiter still runs on every request, it just never refuses the bench. */
export const BENCH_RELAY_ENV = {
  SESSION_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
  ALLOWED_ORIGINS: '*',
  RATE_LIMIT_IP: '100000000/s',
  RATE_LIMIT_SESSION: '100000000/s',
  DAILY_LIMIT_SESSION: '1000000000',
}

export interface Upstream {
  url: string
  apiKey: string
  pid: number
  /** Queues scripted answers, one per coming answer request (chat or completion). */
  next(...scenarios: Scenario[]): Promise<void>
  /** Queues the same answer `times` times. */
  repeat(scenario: Scenario, times: number): Promise<void>
  close(): Promise<void>
}

const live = new Set<ChildProcess>()
// If the bench dies half-way, its children must not outlive it.
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL')
  if (frozenAt) rmSync(frozenAt, { recursive: true, force: true })
})

function track(child: ChildProcess): ChildProcess {
  live.add(child)
  child.once('exit', () => live.delete(child))
  return child
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
}

async function stop(child: ChildProcess): Promise<void> {
  const done = exited(child)
  child.kill('SIGKILL')
  await done
}

/** The test upstream; its app is a chat app, or with `'completion'` a text generator. */
export async function startUpstream(kind: 'chat' | 'completion' = 'chat'): Promise<Upstream> {
  const child = track(
    spawn(process.execPath, ['--import', tsxLoader, upstreamScript, kind], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  )
  const waiting = new Map<number, () => void>()
  let nextId = 0
  const ready = await new Promise<{ url: string; apiKey: string }>((resolve, reject) => {
    child.on('message', (message: { ready?: { url: string; apiKey: string }; id?: number }) => {
      if (message.ready) resolve(message.ready)
      if (message.id !== undefined) waiting.get(message.id)?.()
    })
    child.once('exit', (code) => reject(new Error(`test upstream exited (${code})`)))
  })
  const command = (body: { next: Scenario[]; times?: number }) =>
    new Promise<void>((resolve) => {
      const id = nextId++
      waiting.set(id, () => {
        waiting.delete(id)
        resolve()
      })
      child.send({ id, ...body })
    })
  return {
    ...ready,
    pid: child.pid ?? 0,
    next: (...scenarios) => command({ next: scenarios }),
    repeat: (scenario, times) => command({ next: [scenario], times }),
    close: () => stop(child),
  }
}

export interface Relay {
  url: string
  pid: number
  /** What runs: `node relay/dist/node.js`, or the source through tsx when it is not built. */
  entry: string
  close(): Promise<void>
}

/** Starts the relay's Node entry with production defaults but for the bench's generous limits. */
export async function startRelay(upstream: Upstream, env: Record<string, string> = {}) {
  const bundled = existsSync(relayBundle)
  const args = bundled ? [relayBundle] : ['--import', tsxLoader, relaySource]
  const child = track(
    spawn(process.execPath, args, {
      cwd: mkdtempSync(join(tmpdir(), 'parley-bench-')),
      env: {
        PATH: process.env.PATH ?? '',
        HOST: '127.0.0.1',
        PORT: '0',
        DIFY_API_URL: upstream.url,
        DIFY_API_KEY: upstream.apiKey,
        ...BENCH_RELAY_ENV,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  )
  let log = ''
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      if (log.length < 100_000) log += chunk
      const found = /listening on (http:\/\/\S+)/.exec(log)?.[1]
      if (found) resolve(found)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`relay exited (${code}): ${log.slice(-2000)}`)))
  })
  // Keep draining its request log (one JSON line per request at the default level), as a terminal would.
  child.stdout?.resume()
  const relay: Relay = {
    url,
    pid: child.pid ?? 0,
    entry: bundled ? 'node relay/dist/node.js' : 'node --import tsx relay/src/node.ts',
    close: () => stop(child),
  }
  return relay
}

/** Resident set size of a process, in bytes (Linux /proc). */
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]
  if (!kb) throw new Error(`no VmRSS for ${pid}`)
  return Number(kb) * 1024
}
