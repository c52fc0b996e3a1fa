import { describe, expect, it } from 'vitest'
import { framesOf } from '../../test/push-kit.ts'
import {
  API_KEY,
  BASE_PARAMETERS,
  DIFY_URL,
  fakeDify,
  json,
  sseResponse,
  sseText,
} from '../../test/test-kit.ts'
import { createDifyClient } from './client.ts'
import type { DifyError } from './errors.ts'
import { BODY_LIMITS } from './limits.ts'
import { NO_LOOK } from './site-look.ts'

function client(
  fetch: (r: Request) => Promise<Response>,
  extra: {
    cacheTtlMs?: number
    firstByteTimeoutMs?: number
    retryDelayMs?: number
    log?: { warn: (msg: string) => void }
  } = {},
) {
  return createDifyClient({
    baseUrl: `${DIFY_URL}/`,
    apiKey: API_KEY,
    fetch,
    firstByteTimeoutMs: 1000,
    idleTimeoutMs: 1000,
    ...extra,
  })
}

describe('createDifyClient', () => {
  it('streams chat-messages with the key, JSON, streaming mode and inputs', async () => {
    const fake = fakeDify({
      'POST /chat-messages': () => sseResponse(sseText([{ event: 'message_end', id: 'm' }])),
    })
    const frames = await client(fake.fetch).chat({ query: 'hi', inputs: {}, user: 'v1' })
    const got = await framesOf(frames)
    const call = fake.calls[0]
    expect(call?.headers.get('authorization')).toBe(`Bearer ${API_KEY}`)
    expect(call?.headers.get('content-type')).toBe('application/json')
    expect(call?.json).toEqual({ query: 'hi', inputs: {}, user: 'v1', response_mode: 'streaming' })
    expect(got).toEqual([{ event: 'message_end', id: 'm' }])
  })

  it('rejects before streaming with the mapped error', async () => {
    const fake = fakeDify({
      'POST /chat-messages': () =>
        json({ code: 'not_found', message: 'Conversation Not Exists.', status: 404 }, 404),
    })
    const err = (await client(fake.fetch)
      .chat({ query: 'q', inputs: {}, user: 'v' })
      .catch((e) => e)) as DifyError
    expect(err.code).toBe('not_found')
  })

  it('times out when Dify sends no headers', async () => {
    const hang = () => new Promise<Response>(() => {})
    const err = (await client(hang, { firstByteTimeoutMs: 50 })
      .parameters()
      .catch((e) => e)) as DifyError
    expect(err.code).toBe('upstream_timeout')
  })

  it('reports a refused connection as upstream_unavailable without the key', async () => {
    const refused = async () => {
      throw new TypeError(`fetch failed: connect ECONNREFUSED (Bearer ${API_KEY})`)
    }
    const err = (await client(refused)
      .stop('t', 'v')
      .catch((e) => e)) as DifyError
    expect(err.code).toBe('upstream_unavailable')
    expect(err.message).not.toContain(API_KEY)
  })

  it('sends stop, feedback and history in the places Dify reads user from', async () => {
    const fake = fakeDify({
      'POST /chat-messages/:id/stop': () => json({ result: 'success' }),
      'POST /messages/:id/feedbacks': () => json({ result: 'success' }),
      'GET /messages': () => json({ limit: 5, has_more: false, data: [] }),
      'GET /messages/:id/suggested': () => json({ result: 'success', data: ['a', 'b', 3] }),
    })
    const dify = client(fake.fetch)
    await dify.stop('task-1', 'v1')
    await dify.feedback('m1', { rating: 'like', user: 'v1' })
    await dify.messages({ conversationId: 'c1', user: 'v1', firstId: 'm0', limit: 5 })
    expect(await dify.suggested('m1', 'v1')).toEqual(['a', 'b'])
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /chat-messages/task-1/stop',
      'POST /messages/m1/feedbacks',
      'GET /messages',
      'GET /messages/m1/suggested',
    ])
    expect(fake.calls[0]?.json).toEqual({ user: 'v1' })
    expect(fake.calls[1]?.json).toEqual({ rating: 'like', user: 'v1' })
    expect(Object.fromEntries(fake.calls[2]?.query ?? [])).toEqual({
      conversation_id: 'c1',
      user: 'v1',
      first_id: 'm0',
      limit: '5',
    })
    expect(fake.calls[3]?.query.get('user')).toBe('v1')
  })

  it('caches /parameters and serves the stale copy while Dify is down', async () => {
    let down = false
    const fake = fakeDify({
      'GET /parameters': () => (down ? json({}, 503) : json(BASE_PARAMETERS)),
    })
    const dify = client(fake.fetch, { cacheTtlMs: 0 })
    expect(await dify.parameters()).toEqual(BASE_PARAMETERS)
    down = true
    expect(await dify.parameters()).toEqual(BASE_PARAMETERS)
    expect(fake.calls).toHaveLength(2)
  })

  it('shares one /parameters read within the cache time', async () => {
    const fake = fakeDify()
    const dify = client(fake.fetch)
    await Promise.all([dify.parameters(), dify.parameters()])
    await dify.parameters()
    expect(fake.calls).toHaveLength(1)
  })

  it('falls back from /site to /info', async () => {
    const fake = fakeDify({
      'GET /site': () => json({ code: 'forbidden', message: 'Site not found', status: 403 }, 403),
      'GET /info': () => json({ name: 'My App', description: '', tags: [], mode: 'chat' }),
    })
    expect(await client(fake.fetch).siteInfo()).toEqual({
      title: 'My App',
      description: null,
      look: NO_LOOK,
      showWorkflowSteps: false,
    })
  })

  it('refuses a JSON answer past its ceiling, counted after decompression, and logs why', async () => {
    const warnings: string[] = []
    const inflated = new TextEncoder().encode(
      JSON.stringify({ ...BASE_PARAMETERS, opening_statement: 'x'.repeat(2 * 1024 * 1024) }),
    )
    const gzipped = new Response(
      new Blob([inflated]).stream().pipeThrough(new CompressionStream('gzip')),
    )
    const bytes = await gzipped.arrayBuffer()
    expect(bytes.byteLength).toBeLessThan(20_000)
    let pulled = 0
    const fake = fakeDify({
      'GET /parameters': () => {
        // What a fetch hands back: the body already inflated, read as it arrives.
        const body = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))
        const counted = body.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              pulled += chunk.byteLength
              controller.enqueue(chunk)
            },
          }),
        )
        return new Response(counted, { headers: { 'content-type': 'application/json' } })
      },
    })
    const err = (await client(fake.fetch, { log: { warn: (m) => warnings.push(m) } })
      .parameters()
      .catch((e) => e)) as DifyError
    expect(err.code).toBe('upstream_error')
    expect(pulled).toBeLessThan(1.5 * 1024 * 1024)
    expect(warnings.join()).toMatch(/\/parameters answered with more than 1048576 bytes/)
  })

  it('returns no more history than was asked for', async () => {
    const item = (i: number) => ({ id: `m${i}`, conversation_id: 'c1', query: 'q', answer: 'a' })
    const fake = fakeDify({
      'GET /messages': () =>
        json({ limit: 5, has_more: false, data: Array.from({ length: 3000 }, (_, i) => item(i)) }),
    })
    const page = await client(fake.fetch).messages({ conversationId: 'c1', user: 'v', limit: 5 })
    expect(page.data.map((m) => m.id)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4'])
    expect(page.has_more).toBe(true)
  })

  it('treats a redirect as a misconfigured DIFY_API_URL and never follows it', async () => {
    const warnings: string[] = []
    const fake = fakeDify({
      'POST /chat-messages': () =>
        new Response(null, {
          status: 307,
          headers: { location: 'https://elsewhere.example/v1/x' },
        }),
    })
    const err = (await client(fake.fetch, { log: { warn: (m) => warnings.push(m) } })
      .chat({ query: 'q', inputs: {}, user: 'v' })
      .catch((e) => e)) as DifyError
    expect(err).toMatchObject({ code: 'upstream_error', retryable: false })
    expect(err.message).not.toMatch(/DIFY_API_URL|elsewhere/)
    expect(warnings).toEqual([
      expect.stringMatching(/DIFY_API_URL .*307 to https:\/\/elsewhere\.example\/v1\/x/),
    ])
    expect(fake.calls[0]?.redirect).toBe('manual')
  })

  it('redacts the key wherever Dify echoes it in an error', async () => {
    const body = API_KEY.slice(4)
    const fake = fakeDify({
      'GET /messages': () =>
        json(
          { code: 'invalid_param', message: `key x${API_KEY} or ${body} refused`, status: 400 },
          400,
        ),
    })
    const err = (await client(fake.fetch)
      .messages({ conversationId: 'c', user: 'v' })
      .catch((e) => e)) as DifyError
    expect(err.message).toBe('key x[redacted] or [redacted] refused')
  })

  it('uploads a file as multipart with the user', async () => {
    const fake = fakeDify({
      'POST /files/upload': () =>
        json({ id: 'f1', name: 'a.png', size: 3, extension: 'png', mime_type: 'image/png' }, 201),
    })
    const uploaded = await client(fake.fetch).uploadFile(
      new File(['abc'], 'a.png', { type: 'image/png' }),
      'v1',
    )
    expect(uploaded.id).toBe('f1')
    expect(fake.calls[0]?.form?.get('user')).toBe('v1')
    expect((fake.calls[0]?.form?.get('file') as File | undefined)?.name).toBe('a.png')
  })

  describe('conversations', () => {
    const C1 = '8c1e2f4a-0000-4000-8000-000000000001'
    const conversation = { id: C1, name: 'Hi', inputs: {}, status: 'normal', updated_at: 1 }
    const routes = {
      'GET /conversations': () => json({ limit: 2, has_more: false, data: [conversation] }),
      'POST /conversations/:id/name': () => json({ ...conversation, name: 'New' }),
      'DELETE /conversations/:id': () => new Response(null, { status: 204 }),
    }

    it('lists, renames and deletes with the user where Dify reads it', async () => {
      const fake = fakeDify(routes)
      const dify = client(fake.fetch)
      const page = await dify.conversations({ user: 'v1', lastId: C1, limit: 2 })
      expect(page).toEqual({ limit: 2, has_more: false, data: [conversation] })
      expect(await dify.renameConversation(C1, 'v1', { name: 'New' })).toMatchObject({
        name: 'New',
      })
      await dify.renameConversation(C1, 'v1', { autoGenerate: true })
      expect(await dify.deleteConversation(C1, 'v1')).toBeUndefined()
      expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
        'GET /conversations',
        `POST /conversations/${C1}/name`,
        `POST /conversations/${C1}/name`,
        `DELETE /conversations/${C1}`,
      ])
      expect(Object.fromEntries(fake.calls[0]?.query ?? [])).toEqual({
        user: 'v1',
        last_id: C1,
        limit: '2',
        sort_by: '-updated_at',
      })
      expect(fake.calls.slice(1).map((c) => c.json)).toEqual([
        { name: 'New', user: 'v1' },
        { auto_generate: true, user: 'v1' },
        { user: 'v1' },
      ])
      expect(fake.calls[3]?.headers.get('content-type')).toBe('application/json')
    })

    it('returns no more conversations than were asked for', async () => {
      const many = Array.from({ length: 5 }, () => conversation)
      const fake = fakeDify({ 'GET /conversations': () => json({ has_more: false, data: many }) })
      const page = await client(fake.fetch).conversations({ user: 'v', limit: 3 })
      expect(page.data).toHaveLength(3)
      expect(page.has_more).toBe(true)
    })

    it('maps Dify’s 404 for an unknown last_id to not_found', async () => {
      const missing = { code: 'not_found', message: 'Last Conversation Not Exists.', status: 404 }
      const fake = fakeDify({ 'GET /conversations': () => json(missing, 404) })
      const err = (await client(fake.fetch)
        .conversations({ user: 'v', lastId: C1 })
        .catch((e) => e)) as DifyError
      expect(err.code).toBe('not_found')
    })

    it('retries the list once after a 503, but never a rename or a delete', async () => {
      let failures = 4
      const flaky = (ok: () => Response) => () => (failures-- > 0 ? json({}, 503) : ok())
      const fake = fakeDify({
        'GET /conversations': flaky(routes['GET /conversations']),
        'POST /conversations/:id/name': flaky(routes['POST /conversations/:id/name']),
        'DELETE /conversations/:id': flaky(routes['DELETE /conversations/:id']),
      })
      const dify = client(fake.fetch, { retryDelayMs: 1 })
      const failed = async (p: Promise<unknown>) => ((await p.catch((e) => e)) as DifyError).code
      expect(await failed(dify.renameConversation(C1, 'v', { name: 'x' }))).toBe(
        'upstream_unavailable',
      )
      expect(await failed(dify.deleteConversation(C1, 'v'))).toBe('upstream_unavailable')
      expect(fake.calls).toHaveLength(2)
      failures = 1
      expect((await dify.conversations({ user: 'v' })).data).toHaveLength(1)
      expect(fake.calls).toHaveLength(4)
    })

    it('refuses a list past its ceiling', async () => {
      const huge = { ...conversation, inputs: { text: 'x'.repeat(BODY_LIMITS.conversations) } }
      const fake = fakeDify({ 'GET /conversations': () => json({ data: [huge] }) })
      const err = (await client(fake.fetch)
        .conversations({ user: 'v' })
        .catch((e) => e)) as DifyError
      expect(err.code).toBe('upstream_error')
    })
  })
})
