/**
 * What the Bun and Deno entries share with the Node one: `.env` files, configuration errors as one
 * line, the widget from disk, the start-up lines and graceful shutdown. Only `node:` modules that Bun
 * and Deno implement; never imported by app.ts or the Worker.
 */
import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { createRelay } from '../app.ts'
import { ConfigError, loadConfig } from '../config.ts'
import { createLogger, type Logger, type LogSink } from '../logger.ts'
import type { RelayMetrics } from '../metrics.ts'
import type { ClientIp } from '../middleware/client-ip.ts'
import type { LimitStore } from '../middleware/limit-store.ts'
import type { Config } from '../types.ts'

import { widgetFromDisk } from '../widget-file.ts'

/**
 * The repository (for `.env`, widget/dist and the version): the nearest folder above this module
 * holding pnpm-workspace.yaml, from the source tree and from the bundle in relay/dist alike.
 */
function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(resolve(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir)
    if (up === dir) return process.cwd()
    dir = up
  }
  return dir
}

export const repoRoot = findRepoRoot()

export function fail(message: string): never {
  console.error(`parley: ${message}`)
  process.exit(1)
}

/** The environment (over `.env` in the working directory, then the repository's), validated. */
export function configFromEnvironment(sink?: LogSink): { config: Config; log: Logger } {
  for (const file of new Set([resolve('.env'), resolve(repoRoot, '.env')])) {
    if (existsSync(file)) process.loadEnvFile(file)
  }
  try {
    const config = loadConfig(process.env, (path) => readFileSync(path, 'utf8'))
    return { config, log: createLogger({ level: config.logLevel, ...(sink && { sink }) }) }
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message)
    throw error
  }
}

export const widgetDir = resolve(repoRoot, 'widget/dist')

export async function readVersion(): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(resolve(repoRoot, 'relay/package.json'), 'utf8'))
    return typeof pkg.version === 'string' ? pkg.version : 'dev'
  } catch {
    return 'dev'
  }
}

function localUrl(host: string, port: number): string {
  const wildcard = host === '0.0.0.0' || host === '::'
  return `http://${wildcard ? 'localhost' : host}:${port}`
}

/** The same lines as the Node entry, so operators (and tests) read one format on every runtime. */
export function announce(log: Logger, config: Config, port: number, runtime: string): void {
  const url = localUrl(config.host, port)
  const mode = config.difyApiKey === null ? 'demo' : 'dify'
  for (const warning of config.warnings) log.warn(warning)
  if (mode === 'demo') {
    log.warn(
      'DEMO MODE: DIFY_API_KEY is not set, so answers come from the built-in demo upstream, not Dify. Set DIFY_API_KEY=app-… to use your Dify app.',
    )
  }
  log.info(`Parley relay listening on ${url} (mode: ${mode}, runtime: ${runtime})`, {
    mode,
    url,
    runtime,
  })
}

export interface ShutdownOptions {
  log: Logger
  graceMs: number
  /** Stops accepting connections; resolves once the open ones have finished. */
  drain: () => Promise<void>
  /** Drops whatever is still open when the grace period is over. */
  force: () => void
  /** Ends the open answer streams with a retryable error, just before they are dropped. */
  endStreams: () => void
  store?: LimitStore | undefined
}

/** Time for the final error frames to reach the visitors before their connections are dropped. */
const LAST_WORDS_MS = 100

/** SIGTERM/SIGINT: stop listening at once, let open streams finish within the grace, then exit. */
export function exitGracefully(options: ShutdownOptions): void {
  const { log, graceMs, drain, force, endStreams, store } = options
  let stopping = false
  // A second signal makes it 1, whichever way out comes first.
  let exitCode = 0
  const exit = async () => {
    await store?.close?.().catch(() => undefined)
    process.exit(exitCode)
  }
  const cut = (then: () => void) => {
    endStreams()
    setTimeout(then, LAST_WORDS_MS).unref()
  }
  const shutdown = (signal: string) => {
    if (stopping) {
      // No more waiting, but open answers still say they were cut.
      exitCode = 1
      cut(() => process.exit(1))
      return
    }
    stopping = true
    log.info(`${signal}: no new connections; letting open streams finish`, { graceMs })
    setTimeout(() => {
      log.warn('shutdown grace period over; closing the remaining connections')
      cut(() => {
        force()
        void exit()
      })
    }, graceMs).unref()
    void drain().then(exit)
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

/** The Redis store when REDIS_URL is set; loaded lazily so ioredis is read only when used. */
export async function limitStoreFor(config: Config, log: Logger): Promise<LimitStore | undefined> {
  if (config.redisUrl === null) return undefined
  const { createRedisStore } = await import('../middleware/redis-store.ts')
  return createRedisStore(config.redisUrl, {
    onError: (name) => log.warn('rate limit store: Redis connection error', { name }),
  })
}

/**
 * With METRICS_PORT, the Prometheus listener (prom-client, loaded only then) and where the relay's
 * metrics go; a port it cannot listen on stops the start with one line.
 */
export async function metricsFor(config: Config, log: Logger): Promise<RelayMetrics | undefined> {
  if (config.metricsPort === null) return undefined
  const { startPrometheus } = await import('./prometheus.ts')
  try {
    const { metrics, port } = await startPrometheus(config.metricsPort, config.host)
    const url = `${localUrl(config.host, port)}/metrics`
    log.info(`Prometheus metrics at ${url}`, { url })
    return metrics
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    fail(
      code === 'EADDRINUSE'
        ? `METRICS_PORT ${config.metricsPort} is already in use on ${config.host}; set METRICS_PORT to another port.`
        : `cannot listen on ${config.host}:${config.metricsPort} for metrics (${code}).`,
    )
  }
}

/** What an entry needs before it listens: configuration, log, the Redis store if any, and the app. */
export async function prepareRelay(clientIp: ClientIp) {
  const { config, log } = configFromEnvironment()
  const store = await limitStoreFor(config, log)
  const metrics = await metricsFor(config, log)
  const closing = new AbortController()
  const app = createRelay(config, {
    clientIp,
    widgetFile: widgetFromDisk(widgetDir),
    version: await readVersion(),
    closing: closing.signal,
    ...(store && { limitStore: store }),
    ...(metrics && { metrics }),
  })
  return { config, log, store, app, endStreams: () => closing.abort() }
}

/** One line saying why the server could not listen, then exit 1. */
export function failToListen(config: Config, inUse: boolean, reason: string): never {
  fail(
    inUse
      ? `PORT ${config.port} is already in use on ${config.host}; set PORT to another port.`
      : `cannot listen on ${config.host}:${config.port} (${reason}).`,
  )
}
