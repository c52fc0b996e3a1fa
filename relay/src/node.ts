/** The Node entry: environment (+ .env), the built widget from disk, an HTTP server, graceful shutdown. */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createRelay } from './app.ts'
import { batchedSink } from './batched-sink.ts'
import { ConfigError, loadConfig } from './config.ts'
import { createLogger } from './logger.ts'
import type { LimitStore } from './middleware/limit-store.ts'
import { createRedisStore } from './middleware/redis-store.ts'
import { createNodeFetch } from './node-fetch.ts'
import { SERVER_OPTIONS } from './server-options.ts'
import type { Config } from './types.ts'
import { widgetFromDisk } from './widget-file.ts'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const widgetDir = resolve(repoRoot, 'widget/dist')

function loadDotEnv(): void {
  // loadEnvFile never overrides variables already set, so the environment wins over .env files,
  // and the working directory's file over the repository root's.
  for (const file of new Set([resolve('.env'), resolve(repoRoot, '.env')])) {
    if (existsSync(file)) process.loadEnvFile(file)
  }
}

async function readVersion(): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(resolve(repoRoot, 'relay/package.json'), 'utf8'))
    return typeof pkg.version === 'string' ? pkg.version : 'dev'
  } catch {
    return 'dev'
  }
}

function fail(message: string): never {
  console.error(`parley: ${message}`)
  process.exit(1)
}

async function main(): Promise<void> {
  loadDotEnv()
  let config: Config
  try {
    config = loadConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message)
    throw error
  }
  const lines = batchedSink({
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  })
  // Every way out of the process (process.exit included) passes here, so no waiting line is lost.
  process.on('exit', lines.flush)
  const log = createLogger({ level: config.logLevel, sink: lines.sink })
  const demo = config.difyApiKey === null
  const store: LimitStore | undefined = config.redisUrl
    ? createRedisStore(config.redisUrl, {
        onError: (name) => log.warn('rate limit store: Redis connection error', { name }),
      })
    : undefined
  const app = createRelay(config, {
    clientIp: (c) => getConnInfo(c).remote.address,
    widgetFile: widgetFromDisk(widgetDir),
    version: await readVersion(),
    log: lines.sink,
    // Demo mode keeps its built-in upstream; Dify is reached over node:http keep-alive sockets.
    ...(!demo && { fetch: createNodeFetch() }),
    ...(store && { limitStore: store }),
  })

  // serve() returns the plain node:http server here (no http2/https options are passed).
  const server = serve({
    fetch: app.fetch,
    port: config.port,
    hostname: config.host,
    serverOptions: SERVER_OPTIONS,
  }) as Server
  server.on('error', (error: NodeJS.ErrnoException) => {
    fail(
      error.code === 'EADDRINUSE'
        ? `PORT ${config.port} is already in use on ${config.host}; set PORT to another port.`
        : `cannot listen on ${config.host}:${config.port} (${error.code ?? error.name}).`,
    )
  })
  server.on('listening', () => {
    const wildcard = config.host === '0.0.0.0' || config.host === '::'
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : config.port
    const url = `http://${wildcard ? 'localhost' : config.host}:${port}`
    for (const warning of config.warnings) log.warn(warning)
    if (demo) {
      log.warn(
        `DEMO MODE: DIFY_API_KEY is not set, so answers come from the built-in demo upstream, not Dify. Set DIFY_API_KEY=app-… to use your Dify app.`,
      )
    }
    log.info(`Parley relay listening on ${url} (mode: ${demo ? 'demo' : 'dify'})`, {
      mode: demo ? 'demo' : 'dify',
      url,
    })
  })

  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) process.exit(1)
    stopping = true
    log.info(`${signal}: no new connections; letting open streams finish`, {
      graceMs: config.shutdownGraceMs,
    })
    const exit = async (code: number) => {
      await store?.close?.().catch(() => undefined)
      process.exit(code)
    }
    server.close(() => void exit(0))
    // close() only ends the connections idle at this moment. A keep-alive socket whose answer
    // finishes later would hold the process until the grace period ends, so sweep them as they idle.
    setInterval(() => server.closeIdleConnections(), 100).unref()
    setTimeout(() => {
      log.warn('shutdown grace period over; closing the remaining connections')
      server.closeAllConnections()
      void exit(0)
    }, config.shutdownGraceMs).unref()
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

await main()
