/** A browser-like client that records every exchange whole, for tests that search them for secrets. */

export interface Exchange {
  label: string
  status: number
  headers: string
  body: string
}

export interface SendOptions {
  token?: string
  json?: unknown
  form?: FormData
  headers?: Record<string, string>
}

/** `baseHeaders` go on every request (e.g. a forwarded client IP and an Origin). */
export function recordingClient(url: string, baseHeaders: Record<string, string>) {
  const exchanges: Exchange[] = []
  const tokens: string[] = []
  /** Everything the visitor typed: queries and feedback comments. */
  const typed: string[] = []

  /** One request, recorded with its whole body (event streams included). */
  async function send(label: string, method: string, path: string, options: SendOptions = {}) {
    const headers: Record<string, string> = { ...baseHeaders, ...options.headers }
    if (options.token) headers.authorization = `Bearer ${options.token}`
    let body: string | FormData | undefined
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(options.json)
    } else if (options.form) {
      body = options.form
    }
    const res = await fetch(`${url}${path}`, { method, headers, ...(body && { body }) })
    const text = await res.text()
    const recorded = JSON.stringify([...res.headers])
    exchanges.push({ label, status: res.status, headers: recorded, body: text })
    return { status: res.status, body: text }
  }

  async function session(): Promise<string> {
    const { body } = await send('session', 'POST', '/api/session')
    const { token } = JSON.parse(body) as { token: string }
    tokens.push(token)
    return token
  }

  async function chat(token: string, query: string, extra: Record<string, unknown> = {}) {
    typed.push(query)
    return send('chat', 'POST', '/api/chat', { token, json: { query, ...extra } })
  }

  return { exchanges, tokens, typed, send, session, chat }
}

/** The ids of an answer stream's `start` event. */
export function idsOf(stream: string): {
  conversationId: string
  messageId: string
  taskId: string
} {
  const start = /event: start\ndata: (.*)\n/.exec(stream)?.[1]
  if (!start) throw new Error(`no start event in ${stream}`)
  return JSON.parse(start)
}
