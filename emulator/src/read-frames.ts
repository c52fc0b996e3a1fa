/** Helpers for tests that read Dify's raw stream (the emulator's, or a real Dify's). */

/** Loosely typed JSON for test assertions, which read arbitrary Dify bodies. */
// biome-ignore lint/suspicious/noExplicitAny: tests index into Dify JSON of many shapes and let expect() check it
export type Json = any

/** A response body as JSON, typed loosely for assertions. */
export async function jsonOf(response: Response): Promise<Json> {
  return (await response.json()) as Json
}

/** One parsed Dify SSE frame: `{ event: 'ping' }` for a keep-alive, else the JSON of its `data:` line. */
export type DifyFrame = { event: string } & Record<string, unknown>

/** Parses a whole `text/event-stream` body as Dify writes it; throws on anything malformed. */
export function parseDifyFrames(text: string): DifyFrame[] {
  if (text !== '' && !text.endsWith('\n\n'))
    throw new Error(`stream ends mid-frame: ${JSON.stringify(text.slice(-40))}`)
  return text
    .split('\n\n')
    .slice(0, -1)
    .map((frame) => {
      if (frame.startsWith('event: ') && !frame.includes('\n')) return { event: frame.slice(7) }
      if (!frame.startsWith('data: ') || frame.includes('\n'))
        throw new Error(`not a Dify frame: ${frame}`)
      return JSON.parse(frame.slice(6)) as DifyFrame
    })
}

/** Reads a response body to the end and parses its frames. */
export async function readDifyFrames(response: Response): Promise<DifyFrame[]> {
  return parseDifyFrames(await response.text())
}

/** The answer text a client would show: deltas appended, `message_replace` replacing. */
export function answerOf(frames: DifyFrame[]): string {
  let answer = ''
  for (const frame of frames) {
    if (frame.event === 'message_replace') answer = String(frame.answer)
    else if (typeof frame.answer === 'string' && frame.event !== 'message_end')
      answer += frame.answer
  }
  return answer
}

/** Calls a Dify-shaped `fetch` as the relay would: Bearer key, JSON body, path under `/v1`. */
export function callDify(
  fetcher: { fetch(input: string, init?: RequestInit): Promise<Response> },
  method: string,
  path: string,
  body?: unknown,
  apiKey = 'app-test-key',
): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const init: RequestInit = { method, headers }
  if (body !== undefined) init.body = JSON.stringify(body)
  return fetcher.fetch(`http://dify.test/v1${path}`, init)
}

/** `POST /chat-messages` as user `u1`, streaming, with empty inputs unless `body` says otherwise. */
export function postChat(
  fetcher: { fetch(input: string, init?: RequestInit): Promise<Response> },
  body: Record<string, unknown>,
): Promise<Response> {
  return callDify(fetcher, 'POST', '/chat-messages', {
    inputs: {},
    user: 'u1',
    response_mode: 'streaming',
    ...body,
  })
}

/** An error response's status and Dify JSON body, for one `toEqual`. */
export async function errorOf(response: Response): Promise<{ status: number; body: Json }> {
  return { status: response.status, body: await jsonOf(response) }
}
