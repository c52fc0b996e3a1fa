/**
 * The relay on a real loopback port, pointed at a Dify test upstream, plus a browser-like client:
 * sessions, chat streams read with the widget's own `readEventStream`, and the raw bytes received.
 */
import type { Server, ServerOptions } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { DifyUpstream } from '@parley/emulator/server'
import type { ChatRequest, WidgetEvent } from '@parley/shared'
import { ROUTES, readEventStream } from '@parley/shared'
import { createRelay, type RelayDeps } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'

export interface LoopbackRelay {
  url: string
  /** The node:http server, e.g. to count its open connections. */
  server: Server
  /** A new visitor: mints a session token. */
  session(): Promise<string>
  /** `POST /api/chat`; resolves at the response headers. */
  chat(token: string, body: ChatRequest, signal?: AbortSignal): Promise<Response>
  /** A JSON API call with the session token. */
  api(token: string, method: string, path: string, body?: unknown): Promise<Response>
  close(): Promise<void>
}

export interface StreamResult {
  events: WidgetEvent[]
  /** Everything the browser received, decoded. */
  raw: string
}

/** Reads a chat response to its end, as the widget would. */
export async function readStream(response: Response): Promise<StreamResult> {
  if (!response.body) throw new Error(`no body (status ${response.status})`)
  const [forEvents, forRaw] = response.body.tee()
  const events: WidgetEvent[] = []
  const [raw] = await Promise.all([
    new Response(forRaw).text(),
    readEventStream(forEvents, (event) => events.push(event)),
  ])
  return { events, raw }
}

/** Reads a chat response in the background, so a test can act mid-stream (stop, disconnect). */
export function followStream(response: Response) {
  if (!response.body) throw new Error(`no body (status ${response.status})`)
  const events: WidgetEvent[] = []
  let wake = () => {}
  let finished = false
  const done = readEventStream(response.body, (event) => {
    events.push(event)
    wake()
  })
    .catch(() => undefined) // an aborted request ends the read; the events so far stay
    .finally(() => {
      finished = true
      wake()
    })
  const waitFor = async (until: (events: WidgetEvent[]) => boolean) => {
    while (!until(events) && !finished) await new Promise<void>((resolve) => (wake = resolve))
    return events
  }
  return { events, waitFor, done: done.then(() => events) }
}

export const textOf = (events: WidgetEvent[]): string =>
  events.reduce(
    (text, e) => (e.type === 'delta' ? text + e.text : e.type === 'replace' ? e.text : text),
    '',
  )

/**
 * Starts the relay against `upstream` (null: demo mode, no DIFY_* variables); `env` overrides the
 * test defaults (generous limits), `deps` the relay's, `serverOptions` node:http's (timeouts).
 */
export async function startLoopbackRelay(
  upstream: Pick<DifyUpstream, 'url' | 'apiKey'> | null,
  env: Record<string, string> = {},
  deps: RelayDeps = {},
  serverOptions: ServerOptions = {},
): Promise<LoopbackRelay> {
  const config = loadConfig({
    ...(upstream && { DIFY_API_URL: upstream.url, DIFY_API_KEY: upstream.apiKey }),
    SESSION_SECRET: 'loopback-test-secret-0123456789abcdef',
    ALLOWED_ORIGINS: '*',
    RATE_LIMIT_SESSION: '1000/min',
    RATE_LIMIT_IP: '1000/min',
    LOG_LEVEL: 'error',
    ...env,
  })
  const app = createRelay(config, {
    clientIp: (c) => getConnInfo(c).remote.address,
    log: () => {},
    ...deps,
  })
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', serverOptions }, () =>
      resolve(s as Server),
    )
  })
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`

  return {
    ...client(url),
    server,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** What a browser does: mint a session, post a chat, call the JSON API with the token. */
export function client(url: string): Omit<LoopbackRelay, 'server' | 'close'> {
  const api = (token: string, method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` }
    if (body !== undefined) headers['content-type'] = 'application/json'
    const init: RequestInit = { method, headers }
    if (body !== undefined) init.body = JSON.stringify(body)
    return fetch(`${url}${path}`, init)
  }
  return {
    url,
    async session() {
      const response = await fetch(`${url}${ROUTES.session}`, { method: 'POST' })
      if (response.status !== 201) throw new Error(`session: ${response.status}`)
      return ((await response.json()) as { token: string }).token
    },
    chat(token: string, body: ChatRequest, signal?: AbortSignal) {
      return fetch(`${url}${ROUTES.chat}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: signal ?? null,
      })
    },
    api,
  }
}
