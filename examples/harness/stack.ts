/**
 * Everything a browser test talks to, on loopback ports: the Dify-compatible test upstream, the relay
 * (in-process, serving the built widget), a TCP proxy in front of the relay (to cut connections), and
 * the example pages' server on a different origin, like a real site.
 */
import { access } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { type DifyUpstream, type EmulatorOptions, startDifyUpstream } from '@parley/emulator/server'
import { createRelay } from '../../relay/src/app.ts'
import { loadConfig } from '../../relay/src/config.ts'
import { widgetFromDisk } from '../../relay/src/widget-file.ts'
import { startExampleServer } from '../server.ts'
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts'

const widgetDir = fileURLToPath(new URL('../../widget/dist/', import.meta.url))

export interface Stack {
  upstream: DifyUpstream
  /** The relay's URL as pages and browsers see it (through the proxy). */
  relayUrl: string
  /** The example pages' origin. */
  pagesUrl: string
  proxy: TcpProxy
  /** The relay's log lines, for debugging a failed test. */
  relayLog: string[]
  /** The URL of an example page, e.g. `page('basic.html')`. */
  page(name: string): string
  close(): Promise<void>
}

/** The fields of Dify's `POST /chat-messages` body that tests look at. */
export interface ChatBody {
  query?: string
  conversation_id?: string | null
  user?: string
  inputs?: Record<string, unknown>
  files?: { type: string; transfer_method: string; upload_file_id?: string }[]
}

/** Every `POST /chat-messages` upstream received, in order, with its JSON body. */
export function chatRequests(stack: Stack): { body: ChatBody; headers: Record<string, string> }[] {
  return stack.upstream.requests
    .filter((r) => r.method === 'POST' && r.path === '/v1/chat-messages')
    .map((r) => ({ body: (r.body ?? {}) as ChatBody, headers: r.headers }))
}

/** The bodies of requests upstream received whose path ends with `suffix`. */
export function upstreamCalls(stack: Stack, method: string, suffix: string) {
  return stack.upstream.requests.filter((r) => r.method === method && r.path.endsWith(suffix))
}

/**
 * The built widget's files by name; the test command builds it before vitest runs (a rebuild in
 * progress is waited for).
 */
export async function widgetFiles(): Promise<(name: string) => Promise<string | null>> {
  for (let attempt = 0; ; attempt++) {
    try {
      await access(`${widgetDir}widget.js`)
      return widgetFromDisk(widgetDir)
    } catch {
      if (attempt >= 20) {
        throw new Error(
          `${widgetDir}widget.js is missing: build the widget first (npx -y pnpm@10.34.9 build)`,
        )
      }
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
}

export interface StackOptions {
  /** Loaded first in every page's `<head>` (see `ExampleServerOptions.headScript`). */
  headScript?: string
  /** How the test upstream's app is set up (its inputs, files, …). */
  upstream?: EmulatorOptions
}

export async function startStack(
  env: Record<string, string> = {},
  options: StackOptions = {},
): Promise<Stack> {
  const widgetFile = await widgetFiles()
  const upstream = await startDifyUpstream(options.upstream)
  const proxy = await startTcpProxy()
  const pages = await startExampleServer({
    relayUrl: proxy.url,
    host: '127.0.0.1',
    headScript: options.headScript,
  })
  const config = loadConfig({
    DIFY_API_URL: upstream.url,
    DIFY_API_KEY: upstream.apiKey,
    ALLOWED_ORIGINS: pages.url,
    SESSION_SECRET: 'examples-browser-tests-secret-0123456789abcdef',
    // Every request comes from 127.0.0.1; the suite sends more than a visitor would.
    RATE_LIMIT_IP: '10000/min',
    RATE_LIMIT_SESSION: '1000/min',
    LOG_LEVEL: 'warn',
    ...env,
  })
  const relayLog: string[] = []
  const app = createRelay(config, {
    widgetFile,
    clientIp: (c) => getConnInfo(c).remote.address,
    log: (line) => relayLog.push(line),
  })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => {
    if (server.listening) resolve()
    else server.once('listening', () => resolve())
  })
  proxy.setTarget((server.address() as AddressInfo).port)

  return {
    upstream,
    relayUrl: proxy.url,
    pagesUrl: pages.url,
    proxy,
    relayLog,
    page: (name) => `${pages.url}/${name}`,
    close: async () => {
      await proxy.close()
      await pages.close()
      await new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections()
        server.close(() => resolve())
      })
      await upstream.close()
    },
  }
}
