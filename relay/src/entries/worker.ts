/**
 * The Cloudflare Workers entry (workerd). Configuration comes from the bindings (vars and secrets),
 * read once per isolate; the widget's files are embedded by the bundler (relay/scripts/build.ts). Rate limits
 * are per isolate: the memory store, since ioredis needs TCP sockets Workers do not offer.
 */
import type { Hono } from 'hono'
import { getConnInfo } from 'hono/cloudflare-workers'
import { createRelay } from '../app.ts'
import { ConfigError, loadConfig } from '../config.ts'
import { createLogger } from '../logger.ts'
import type { AppEnv } from '../types.ts'

// Replaced by the bundler's `define`; `typeof` keeps an unbundled run from throwing.
declare const __PARLEY_WIDGET_FILES__: Record<string, string> | undefined
declare const __PARLEY_VERSION__: string | undefined
const widgetFiles = new Map(
  Object.entries(typeof __PARLEY_WIDGET_FILES__ === 'object' ? __PARLEY_WIDGET_FILES__ : {}),
)
const version = typeof __PARLEY_VERSION__ === 'string' ? __PARLEY_VERSION__ : 'dev'

type Bindings = Record<string, unknown>
let isolate: { env: Bindings; app: Hono<AppEnv> } | { env: Bindings; error: string } | undefined

function relayFor(env: Bindings): Hono<AppEnv> | string {
  if (isolate?.env !== env) {
    const strings = Object.fromEntries(
      Object.entries(env).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    )
    try {
      const config = loadConfig(strings)
      const log = createLogger({ level: config.logLevel })
      for (const warning of config.warnings) log.warn(warning)
      const app = createRelay(config, {
        clientIp: (c) => getConnInfo(c).remote.address,
        widgetFile: async (name) => widgetFiles.get(name) ?? null,
        version,
      })
      isolate = { env, app }
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      console.error(`parley: ${error.message}`)
      isolate = { env, error: error.message }
    }
  }
  return 'app' in isolate ? isolate.app : isolate.error
}

export default {
  fetch(request: Request, env: Bindings, ctx: unknown): Response | Promise<Response> {
    const relay = relayFor(env)
    if (typeof relay === 'string') {
      // Which variable is wrong is in the log for the operator, not in a response to visitors.
      const message = 'The relay is misconfigured; its log says which variable to fix.'
      return Response.json({ error: { code: 'upstream_unavailable', message } }, { status: 503 })
    }
    // hono's ExecutionContext type is structural; workerd passes the real one.
    return relay.fetch(request, env, ctx as Parameters<Hono['fetch']>[2])
  },
}
