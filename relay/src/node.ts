/** The Node entry: the shared start-up, Dify over keep-alive sockets, batched log lines, node:http. */
import type { Server } from 'node:http'
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createRelay } from './app.ts'
import { batchedSink } from './batched-sink.ts'
import {
  announce,
  configFromEnvironment,
  exitGracefully,
  failToListen,
  limitStoreFor,
  metricsFor,
  readVersion,
  widgetDir,
} from './entries/start-kit.ts'
import { humanSink } from './human-log.ts'
import { withDirectAnswers } from './node-answers.ts'
import { createNodeFetch } from './node-fetch.ts'
import { SERVER_OPTIONS } from './server-options.ts'
import { widgetFromDisk } from './widget-file.ts'

const lines = batchedSink({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
})
// Every way out of the process (process.exit included) passes here, so no waiting line is lost.
process.on('exit', lines.flush)
// JSON for pipes and files (log collectors); readable lines for a person at a terminal.
const sink = process.stdout.isTTY ? humanSink(lines.sink) : lines.sink
const { config, log } = configFromEnvironment(sink)
const demo = config.difyApiKey === null
const store = await limitStoreFor(config, log)
const metrics = await metricsFor(config, log)
const closing = new AbortController()
const app = createRelay(config, {
  clientIp: (c) => getConnInfo(c).remote.address,
  widgetFile: widgetFromDisk(widgetDir),
  version: await readVersion(),
  log: sink,
  closing: closing.signal,
  // Demo mode keeps its built-in upstream; Dify is reached over node:http keep-alive sockets.
  ...(!demo && { fetch: createNodeFetch() }),
  ...(store && { limitStore: store }),
  ...(metrics && { metrics }),
})

// serve() returns the plain node:http server here (no http2/https options are passed).
const server = serve({
  // Answer streams are written to the socket as they come, without a web stream between.
  fetch: withDirectAnswers<HttpBindings | Http2Bindings>(app.fetch),
  port: config.port,
  hostname: config.host,
  serverOptions: SERVER_OPTIONS,
}) as Server
server.on('error', (error: NodeJS.ErrnoException) => {
  failToListen(config, error.code === 'EADDRINUSE', error.code ?? error.name)
})
server.on('listening', () => {
  const address = server.address()
  announce(log, config, typeof address === 'object' && address ? address.port : config.port, 'node')
})

exitGracefully({
  log,
  graceMs: config.shutdownGraceMs,
  drain: () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      // close() only ends the connections idle at this moment. A keep-alive socket whose answer
      // finishes later would hold the process until the grace period ends, so sweep them as they idle.
      setInterval(() => server.closeIdleConnections(), 100).unref()
    }),
  force: () => server.closeAllConnections(),
  endStreams: () => closing.abort(),
  store,
})
