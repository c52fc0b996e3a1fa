/**
 * An in-memory emulation of Dify's Service API (`/v1`) for chat, text-generator and workflow apps, speaking the wire format of
 * shared/dify-api.md. Runtime-neutral (Web Fetch API only): the relay calls `fetch` in demo mode,
 * and ./server.ts serves it over real HTTP for integration tests.
 */
import { Hono } from 'hono'
import { appRoutes } from './app-route.ts'
import { audioRoutes } from './audio-route.ts'
import { chatRoutes } from './chat-route.ts'
import type { EmulatorOptions } from './context.ts'
import { createContext } from './context.ts'
import { conversationsRoutes } from './conversations-route.ts'
import { formRoutes } from './form-route.ts'
import { type FormEntry, type FormEnv, readForm } from './form-summary.ts'
import { generateRoutes } from './generate-route.ts'
import { checkApiKey, DifyError, errorResponse, ROUTE_NOT_FOUND } from './http.ts'
import { messagesRoutes } from './messages-route.ts'
import type { Scenario } from './scenario.ts'
import type { EmulatorState, HumanInputFormRecord, MessageRecord } from './state.ts'
import { workflowEventsRoutes } from './workflow-events-route.ts'

export type { EmulatorOptions } from './context.ts'
export type { HumanInputScript } from './human-input.ts'
export type { Scenario } from './scenario.ts'
export type { AppMode, MessageRecord } from './state.ts'

/** A request as the emulator received it; `body` is parsed JSON, multipart fields, or text. */
export interface RecordedRequest {
  method: string
  /** From `/v1` on, e.g. `/v1/chat-messages`. */
  path: string
  query: Record<string, string>
  /** Lower-case names. */
  headers: Record<string, string>
  body: unknown
}

export interface DifyEmulator {
  /** Answers a Dify API request; usable wherever `fetch` is (any origin, path from `/v1` on). */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>
  /** Scripts the next `/chat-messages` answers, one scenario per request, in order. */
  next(...scenarios: Scenario[]): void
  /** The human-input forms runs have paused on, oldest first (tests answer or inspect them). */
  forms(): HumanInputFormRecord[]
  readonly requests: RecordedRequest[]
  readonly state: EmulatorState
  /** The key requests must carry, or null when any is accepted. */
  readonly apiKey: string | null
  /** A conversation's messages, oldest first, whoever owns it ([] when unknown). */
  messages(conversationId: string): MessageRecord[]
  /** Resolves once every run in progress has ended and saved its message. */
  settled(): Promise<void>
  /** Ends every run and open stream; the emulator answers nothing useful afterwards. */
  dispose(): void
}

const V1 = /\/v1(?=\/|$)/

/** The path from `/v1` on, so a base URL with any prefix (`https://host/dify/v1`) works. */
function v1Path(url: string): string {
  const path = new URL(url).pathname
  const match = V1.exec(path)
  return match ? path.slice(match.index) : path
}

async function recordBody(request: Request): Promise<unknown> {
  if (!request.body) return null
  const text = await request.text()
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** A form as recorded: each field's last value, a file as its name, size and type. */
function recordForm(form: FormEntry[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const entry of form) fields[entry.field] = 'value' in entry ? entry.value : entry.file
  return fields
}

export function createDifyEmulator(options: EmulatorOptions = {}): DifyEmulator {
  const ctx = createContext(options)
  const requests: RecordedRequest[] = []
  const app = new Hono<FormEnv>({ getPath: (request) => v1Path(request.url) })

  app.onError((error) => {
    if (error instanceof DifyError) return errorResponse(error)
    return errorResponse(
      new DifyError(500, 'internal_server_error', 'Internal Server Error, please contact support.'),
    )
  })
  app.notFound(() => errorResponse(new DifyError(404, 'not_found', ROUTE_NOT_FOUND)))

  const welcome = { welcome: 'Dify OpenAPI', api_version: 'v1', server_version: '1.14.1' }
  app.get('/v1', (c) => c.json(welcome))
  app.get('/v1/', (c) => c.json(welcome))
  app.use('/v1/*', async (c, next) => {
    checkApiKey(c.req.header('authorization'), ctx.apiKey)
    await next()
    c.header('X-Version', '1.14.1')
    c.header('X-Env', 'PRODUCTION')
  })
  app.route('/v1', chatRoutes(ctx))
  app.route('/v1', generateRoutes(ctx))
  app.route('/v1', messagesRoutes(ctx))
  app.route('/v1', conversationsRoutes(ctx))
  app.route('/v1', appRoutes(ctx))
  app.route('/v1', audioRoutes(ctx))
  app.route('/v1', formRoutes(ctx))
  app.route('/v1', workflowEventsRoutes(ctx))

  return {
    async fetch(input, init) {
      const request = new Request(input, init)
      const url = new URL(request.url)
      // A multipart body is read once, as it streams (uploads can be large); others are cloned.
      const multipart = (request.headers.get('content-type') ?? '').startsWith(
        'multipart/form-data',
      )
      const form = multipart ? await readForm(request) : undefined
      requests.push({
        method: request.method,
        path: v1Path(request.url),
        query: Object.fromEntries(url.searchParams),
        headers: Object.fromEntries(request.headers),
        body: form ? recordForm(form) : await recordBody(request.clone()),
      })
      return app.fetch(request, { form })
    },
    next: (...scenarios) => ctx.enqueue(scenarios),
    forms: () => [...ctx.state.forms.values()],
    requests,
    state: ctx.state,
    apiKey: ctx.apiKey,
    messages: (conversationId) => ctx.state.conversations.get(conversationId)?.messages ?? [],
    settled: () => ctx.settled(),
    dispose: () => ctx.dispose(),
  }
}
