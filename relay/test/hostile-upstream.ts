/**
 * An upstream that answers at DIFY_API_URL the way a broken or hostile server would: gzip bombs,
 * lines that never end, huge JSON, redirects, echoes of the key. Real node:http on a loopback
 * port; each route is a handler that writes whatever it likes, and counts what it got out.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'

export type HostileHandler = (req: IncomingMessage, res: ServerResponse, body: string) => unknown

export interface HostileUpstream {
  /** Base URL ending in `/v1`. */
  url: string
  apiKey: string
  /** `METHOD /v1/path` of every request, in order. */
  received: string[]
  /** Replaces (or adds) the handler for `METHOD /v1/path`. */
  route(route: string, handler: HostileHandler): void
  close(): Promise<void>
}

export const HOSTILE_KEY = 'app-NotARealKey-Hostile-Test-01'

/** A minimal `/parameters` of a chat app with suggestions after answers. */
export const PARAMETERS = {
  opening_statement: '',
  suggested_questions: [],
  suggested_questions_after_answer: { enabled: true },
  user_input_form: [],
  file_upload: { enabled: false },
  system_parameters: {},
}

export function sendJson(res: ServerResponse, body: unknown, status = 200): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  })
  res.end(text)
}

/** Writes `chunk` until `total` bytes are out or the client has gone; resolves with what went out. */
export function pour(res: ServerResponse, chunk: Buffer, total: number): Promise<number> {
  return new Promise((resolve) => {
    let sent = 0
    const finish = () => resolve(sent)
    res.once('close', finish)
    const more = () => {
      while (sent < total && !res.destroyed) {
        sent += chunk.length
        if (!res.write(chunk)) return void res.once('drain', more)
      }
      res.end()
    }
    more()
  })
}

/**
 * A gzip body that inflates to `inflatedBytes` of `fill` after `prefix`: the prefix's own gzip
 * member, then one small member of 16 MiB of `fill` repeated (gunzip reads concatenated members).
 */
export function gzipBomb(prefix: string, fill: string, inflatedBytes: number): Buffer[] {
  const block = 16 * 1024 * 1024
  const member = gzipSync(Buffer.alloc(block, fill), { level: 9 })
  const members = [gzipSync(prefix)]
  for (let n = 0; n < inflatedBytes; n += block) members.push(member)
  return members
}

export async function startHostileUpstream(
  routes: Record<string, HostileHandler> = {},
): Promise<HostileUpstream> {
  const handlers = new Map<string, HostileHandler>([
    ['GET /v1/parameters', (_req, res) => sendJson(res, PARAMETERS)],
    ['GET /v1/site', (_req, res) => sendJson(res, { title: 'Hostile' })],
    ...Object.entries(routes),
  ])
  const received: string[] = []
  const server = createServer(async (req, res) => {
    const route = `${req.method ?? 'GET'} ${(req.url ?? '/').split('?')[0]}`
    received.push(route)
    let body = ''
    for await (const chunk of req) body += chunk
    const handler =
      handlers.get(route) ??
      [...handlers].find(([pattern]) =>
        new RegExp(`^${pattern.replace(/:id/g, '[^/]+')}$`).test(route),
      )?.[1]
    if (!handler)
      return sendJson(res, { code: 'not_found', message: 'Not found', status: 404 }, 404)
    try {
      await handler(req, res, body)
    } catch {
      res.destroy()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey: HOSTILE_KEY,
    received,
    route: (route, handler) => void handlers.set(route, handler),
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
