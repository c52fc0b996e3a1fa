/** For the conversation routes' tests: the whole relay (`app.request()`) in front of the Dify emulator. */
import { createDifyEmulator, type DifyEmulator, type EmulatorOptions } from '@parley/emulator'
import { decode, sign } from 'hono/jwt'
import { T0, TEST_KEY, testRelay } from './test-relay.ts'

export const IDENTITY_SECRET = 'the-shops-backend-identity-secret-0123456789'

export interface Session {
  token: string
  /** The Dify `user` the relay sends for this session (`v_…` or `u_…`). */
  user: string
}

export function emulatedRelay(options: EmulatorOptions = {}) {
  const emulator: DifyEmulator = createDifyEmulator({ apiKey: TEST_KEY, ...options })
  const { app, lines } = testRelay(
    {
      DIFY_API_URL: 'https://dify.test/v1',
      IDENTITY_SECRET,
      RATE_LIMIT_SESSION: '10000/min',
      RATE_LIMIT_IP: '10000/min',
    },
    { fetch: (request) => emulator.fetch(request) },
  )

  const mint = async (body?: unknown): Promise<Session> => {
    const init: RequestInit = { method: 'POST' }
    if (body !== undefined) {
      init.headers = { 'content-type': 'application/json' }
      init.body = JSON.stringify(body)
    }
    const res = await app.request('/api/session', init)
    if (res.status !== 201) throw new Error(`session: ${res.status}`)
    const { token } = (await res.json()) as { token: string }
    return { token, user: String(decode(token).payload.sub) }
  }

  return {
    emulator,
    app,
    /** The relay's log lines, parsed. */
    lines,
    /** A new anonymous visitor. */
    visitor: () => mint(),
    /** A signed-in user's session, as the host's backend would sign it (one per device). */
    signedIn: async (sub: string) =>
      mint({ userToken: await sign({ sub, exp: T0 / 1000 + 600 }, IDENTITY_SECRET) }),
    /** A JSON call to the relay with the session's token. */
    api(session: Session, method: string, path: string, body?: unknown) {
      const headers: Record<string, string> = { authorization: `Bearer ${session.token}` }
      const init: RequestInit = { method, headers }
      if (body !== undefined) {
        headers['content-type'] = 'application/json'
        init.body = typeof body === 'string' ? body : JSON.stringify(body)
      }
      return app.request(path, init)
    },
    /** A conversation of `user` started (or continued) straight at Dify; its id. */
    async seed(user: string, query: string, conversationId = ''): Promise<string> {
      const res = await emulator.fetch('https://dify.test/v1/chat-messages', {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          query,
          inputs: {},
          user,
          response_mode: 'blocking',
          conversation_id: conversationId,
        }),
      })
      return String(((await res.json()) as { conversation_id: string }).conversation_id)
    },
    /** How many requests reached Dify at `path` (from `/v1` on, e.g. `/v1/conversations`). */
    upstreamCalls: (method: string, path: RegExp) =>
      emulator.requests.filter((r) => r.method === method && path.test(r.path)).length,
  }
}
