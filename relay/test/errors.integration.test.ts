import type { DifyUpstream } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import type { ErrorEvent, WidgetEvent } from '@parley/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoopbackRelay } from './loopback-relay.ts'
import { readStream, startLoopbackRelay, textOf } from './loopback-relay.ts'

let upstream: DifyUpstream
let relay: LoopbackRelay
let token: string
beforeAll(async () => {
  upstream = await startDifyUpstream()
  // Short timeouts so hangs fail fast: 150 ms to the first frame, 150 ms between frames.
  relay = await startLoopbackRelay(upstream, { UPSTREAM_TIMEOUT: '150ms,150ms' })
  token = await relay.session()
})
afterAll(async () => {
  await relay.close()
  await upstream.close()
})

/** How a chat ended for the widget: a JSON error before the stream, or the stream's last event. */
async function outcome(query: string): Promise<{
  status: number
  error: ErrorEvent | { code: string; message: string }
  events: WidgetEvent[]
  raw: string
}> {
  const response = await relay.chat(token, { query })
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    const raw = await response.text()
    return { status: response.status, error: JSON.parse(raw).error, events: [], raw }
  }
  const { events, raw } = await readStream(response)
  const last = events.at(-1)
  if (last?.type !== 'error')
    throw new Error(`expected an error event, got ${JSON.stringify(events)}`)
  return { status: response.status, error: last, events, raw }
}

const tooMany =
  'Too many requests. Please try again later. The current maximum concurrent requests allowed for app-SECRETKEY is 1.'

describe('Dify failures as the browser sees them', () => {
  it.each([
    [
      400,
      { code: 'invalid_param', message: 'name is required in input form', status: 400 },
      400,
      'bad_request',
    ],
    [400, { code: 'invalid_param', message: tooMany, status: 400 }, 429, 'rate_limited'],
    [429, { code: 'too_many_requests', message: tooMany, status: 429 }, 429, 'rate_limited'],
    [
      401,
      { code: 'unauthorized', message: 'Access token is invalid', status: 401 },
      502,
      'upstream_error',
    ],
    [
      404,
      { code: 'not_found', message: 'Conversation Not Exists.', status: 404 },
      404,
      'not_found',
    ],
    [
      500,
      { code: 'internal_server_error', message: 'Traceback SECRET', status: 500 },
      502,
      'upstream_error',
    ],
  ])('maps Dify HTTP %i %j to %i %s', async (status, body, relayStatus, code) => {
    upstream.next({ httpError: { status, body } })
    const result = await outcome('x')
    expect(result.status).toBe(relayStatus)
    expect(result.error.code).toBe(code)
    expect(result.raw).not.toContain('SECRET')
    expect(result.raw).not.toContain('Traceback')
  })

  it('wraps a non-JSON HTML 502 from a proxy without passing the page on', async () => {
    upstream.next({
      httpError: { status: 502, body: '<html><body><h1>502 Bad Gateway</h1>nginx</body></html>' },
    })
    const result = await outcome('x')
    expect(result.status).toBe(503)
    expect(result.error.code).toBe('upstream_unavailable')
    expect(result.raw).not.toMatch(/<html|nginx/i)
  })

  it('ends with an error event when Dify sends error mid-stream, after the partial text', async () => {
    upstream.next({
      answer: 'one two three',
      error: {
        afterChunks: 2,
        code: 'completion_request_error',
        message: '[openai] Error: overloaded',
      },
    })
    const result = await outcome('x')
    expect(textOf(result.events)).toBe('one two ')
    expect(result.error).toMatchObject({ type: 'error', code: 'upstream_error', retryable: true })
  })

  it('times out when Dify never answers (upstream_timeout)', async () => {
    upstream.next({ hangBeforeResponse: true })
    const started = Date.now()
    const result = await outcome('x')
    expect(result.error.code).toBe('upstream_timeout')
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('times out when Dify goes quiet mid-stream', async () => {
    upstream.next({ answer: 'a b c', hangAfterFrames: 1 })
    const result = await outcome('x')
    expect(textOf(result.events)).toBe('a ')
    expect(result.error).toMatchObject({ code: 'upstream_timeout', retryable: true })
  })

  it('counts a stream of only pings as silence', async () => {
    upstream.next({ onlyPings: { intervalMs: 20 } })
    const result = await outcome('x')
    expect(result.error).toMatchObject({ code: 'upstream_timeout', retryable: true })
  })

  it('reports an abruptly closed upstream connection as a retryable error', async () => {
    // Frames spaced out: Node's fetch drops chunks it has not handed over yet when the socket dies.
    upstream.next({ answer: 'a b c d', destroyAfterFrames: 2, frameDelayMs: 10 })
    const result = await outcome('x')
    expect(result.events[0]?.type).toBe('start')
    expect(textOf(result.events)).toBe('a b ')
    expect(result.error).toMatchObject({ type: 'error', retryable: true })
  })
})
