import { describe, expect, it } from 'vitest'
import {
  API_KEY,
  BASE_PARAMETERS,
  DIFY_URL,
  type FakeHandler,
  fakeDify,
  json,
  sseResponse,
  sseText,
} from '../../test/test-kit.ts'
import { createDifyClient } from './client.ts'
import type { DifyError } from './errors.ts'

function client(fetch: (r: Request) => Promise<Response>, firstByteTimeoutMs = 1000) {
  return createDifyClient({
    baseUrl: DIFY_URL,
    apiKey: API_KEY,
    fetch,
    firstByteTimeoutMs,
    idleTimeoutMs: 1000,
    retryDelayMs: 5,
  })
}

/** A handler failing with each of `failures` in turn ('reset': the connection breaks), then `ok`. */
function flaky(failures: (number | 'reset')[], ok: FakeHandler): FakeHandler {
  return (call) => {
    const failure = failures.shift()
    if (failure === 'reset') throw new TypeError('fetch failed: ECONNRESET')
    if (failure !== undefined) {
      return json({ code: 'internal_server_error', message: 'boom', status: failure }, failure)
    }
    return ok(call)
  }
}

const page = () => json({ limit: 20, has_more: false, data: [] })

describe('Dify client retries', () => {
  it.each([
    [500, 'GET /parameters'],
    [502, 'GET /site'],
    [503, 'GET /messages'],
    ['reset', 'GET /messages/:id/suggested'],
  ] as const)('retries a GET once after %s (%s)', async (failure, route) => {
    const fake = fakeDify({
      'GET /parameters': flaky(route === 'GET /parameters' ? [failure] : [], () =>
        json(BASE_PARAMETERS),
      ),
      'GET /site': flaky(route === 'GET /site' ? [failure] : [], () => json({ title: 'T' })),
      'GET /messages': flaky(route === 'GET /messages' ? [failure] : [], page),
      'GET /messages/:id/suggested': flaky(
        route === 'GET /messages/:id/suggested' ? [failure] : [],
        () => json({ result: 'success', data: ['q'] }),
      ),
    })
    const dify = client(fake.fetch)
    if (route === 'GET /parameters') expect(await dify.parameters()).toEqual(BASE_PARAMETERS)
    if (route === 'GET /site') expect((await dify.siteInfo()).title).toBe('T')
    if (route === 'GET /messages') await dify.messages({ conversationId: 'c', user: 'v' })
    if (route === 'GET /messages/:id/suggested')
      expect(await dify.suggested('m', 'v')).toEqual(['q'])
    expect(fake.calls).toHaveLength(2)
  })

  it('retries only once, then reports the failure', async () => {
    const fake = fakeDify({ 'GET /messages': flaky([503, 503, 503], page) })
    const err = (await client(fake.fetch)
      .messages({ conversationId: 'c', user: 'v' })
      .catch((e) => e)) as DifyError
    expect(err.code).toBe('upstream_unavailable')
    expect(fake.calls).toHaveLength(2)
  })

  it.each([400, 404, 429])('does not retry a %i', async (status) => {
    const fake = fakeDify({ 'GET /messages': flaky([status], page) })
    await client(fake.fetch)
      .messages({ conversationId: 'c', user: 'v' })
      .catch(() => undefined)
    expect(fake.calls).toHaveLength(1)
  })

  it('does not retry its own timeout', async () => {
    const fake = fakeDify({ 'GET /messages': () => new Promise<Response>(() => {}) })
    const err = (await client(fake.fetch, 30)
      .messages({ conversationId: 'c', user: 'v' })
      .catch((e) => e)) as DifyError
    expect(err.code).toBe('upstream_timeout')
    expect(fake.calls).toHaveLength(1)
  })

  it.each([500, 503, 'reset'] as const)('never retries a POST (%s)', async (failure) => {
    const fake = fakeDify({
      'POST /chat-messages': flaky([failure], () =>
        sseResponse(sseText([{ event: 'message_end' }])),
      ),
      'POST /messages/:id/feedbacks': flaky([failure], () => json({ result: 'success' })),
      'POST /chat-messages/:id/stop': flaky([failure], () => json({ result: 'success' })),
      'POST /files/upload': flaky([failure], () => json({ id: 'f' }, 201)),
    })
    const dify = client(fake.fetch)
    await expect(dify.chat({ query: 'q', inputs: {}, user: 'v' })).rejects.toMatchObject({
      name: 'DifyError',
    })
    await expect(dify.feedback('m', { rating: 'like', user: 'v' })).rejects.toThrow()
    await expect(dify.stop('t', 'v')).rejects.toThrow()
    await expect(dify.uploadFile(new File(['x'], 'a.png'), 'v')).rejects.toThrow()
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /chat-messages',
      'POST /messages/m/feedbacks',
      'POST /chat-messages/t/stop',
      'POST /files/upload',
    ])
  })
})
