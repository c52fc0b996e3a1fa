/** The Bun entry: `bun relay/src/entries/bun.ts`, same environment variables as the Node entry. */
import { getConnInfo } from 'hono/bun'
import { announce, exitGracefully, failToListen, prepareRelay } from './start-kit.ts'

// Only what this file uses of Bun's API (bun-types would add every Bun global to the relay's types).
interface BunServer {
  readonly port: number
  stop(closeActiveConnections?: boolean): Promise<void>
}
declare const Bun: {
  serve(options: {
    port: number
    hostname: string
    /** Seconds a connection may stay silent; Bun's default (10 s) is shorter than the ping interval. */
    idleTimeout: number
    fetch: (request: Request, server: BunServer) => Response | Promise<Response>
  }): BunServer
}

const { config, log, store, app, endStreams } = await prepareRelay(
  (c) => getConnInfo(c).remote.address,
)

let server: BunServer
try {
  server = Bun.serve({
    port: config.port,
    hostname: config.host,
    idleTimeout: 60,
    // The server as env lets hono/bun's getConnInfo ask it for the client's address.
    fetch: (request, bunServer) => app.fetch(request, bunServer),
  })
} catch (error) {
  const code = (error as { code?: string }).code
  failToListen(config, code === 'EADDRINUSE', code ?? String(error))
}
announce(log, config, server.port, 'bun')
exitGracefully({
  log,
  graceMs: config.shutdownGraceMs,
  drain: () => server.stop(),
  force: () => void server.stop(true),
  endStreams,
  store,
})
