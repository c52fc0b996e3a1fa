/**
 * The Deno entry: `deno run --allow-net --allow-env --allow-read relay/src/entries/deno.ts`, same
 * environment variables as the Node entry.
 */
import { getConnInfo } from 'hono/deno'
import { announce, exitGracefully, failToListen, prepareRelay } from './start-kit.ts'

// Only what this file uses of Deno's API (the full Deno types would clash with @types/node).
interface DenoServer {
  readonly finished: Promise<void>
  shutdown(): Promise<void>
}
interface ServeHandlerInfo {
  remoteAddr: { hostname: string; port: number; transport: string }
}
declare const Deno: {
  serve(
    options: {
      port: number
      hostname: string
      onListen: (address: { port: number }) => void
    },
    handler: (request: Request, info: ServeHandlerInfo) => Response | Promise<Response>,
  ): DenoServer
}

const { config, log, store, app, endStreams } = await prepareRelay(
  (c) => getConnInfo(c).remote.address,
)

let server: DenoServer
try {
  server = Deno.serve(
    {
      port: config.port,
      hostname: config.host,
      onListen: ({ port }) => announce(log, config, port, 'deno'),
    },
    // The connection info as env lets hono/deno's getConnInfo read the client's address.
    (request, info) => app.fetch(request, info),
  )
} catch (error) {
  const name = (error as Error).name
  failToListen(config, name === 'AddrInUse', name)
}
exitGracefully({
  log,
  graceMs: config.shutdownGraceMs,
  drain: () => server.shutdown(),
  // The exit that follows drops whatever is still open.
  force: () => undefined,
  endStreams,
  store,
})
