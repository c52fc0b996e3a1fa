import { createDifyEmulator, type DifyEmulator } from '@parley/emulator'
import fc from 'fast-check'
import { sign } from 'hono/jwt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { body, headers, method, path, segment } from './fuzz-arbitraries.ts'
import { checkAnswer, type FuzzRequest } from './fuzz-check.ts'
import { T0, testRelay } from './test-relay.ts'

// A healthy in-process Dify with every input type, so any 5xx is the relay's own bug.
let emulator: DifyEmulator
let relay: ReturnType<typeof testRelay>
let tokens: string[]
beforeAll(async () => {
  emulator = createDifyEmulator({
    apiKey: 'app-fuzz-key',
    answer: () => 'ok',
    app: {
      fileUpload: true,
      userInputForm: [
        { 'text-input': { variable: 'name', label: 'Name', required: false, max_length: 20 } },
        { select: { variable: 'plan', label: 'Plan', required: false, options: ['a', 'b'] } },
        { number: { variable: 'age', label: 'Age', required: false } },
        { checkbox: { variable: 'ok', label: 'OK', required: false } },
        { json_object: { variable: 'settings', label: 'Settings', required: false } },
        { 'file-list': { variable: 'docs', label: 'Docs', required: false, max_length: 2 } },
      ],
    },
  })
  relay = testRelay(
    {
      DIFY_API_KEY: 'app-fuzz-key',
      RATE_LIMIT_SESSION: '1000000/min',
      RATE_LIMIT_IP: '1000000/min',
      DAILY_LIMIT_SESSION: '0',
      UPSTREAM_TIMEOUT: '2s,2s',
    },
    {
      fetch: (request) => emulator.fetch(request),
      widgetFile: async (name: string) => (name === 'widget.js' ? '/* widget */' : null),
    },
  )
  const forged = await sign({ sub: 'v_x', exp: T0 / 1000 + 60 }, 'y'.repeat(40), 'HS256')
  const expired = await sign(
    { sub: 'v_x', exp: T0 / 1000 - 60 },
    'test-secret-test-secret-test-secret',
    'HS256',
  )
  tokens = [await relay.newSession(), forged, expired, 'a.b.c']
})
afterAll(() => emulator.dispose())

const send = (r: FuzzRequest) => checkAnswer((request) => relay.app.request(request), r)
// FUZZ_RUNS=5000 for a deeper local run; the default keeps the suite fast.
const RUNS = { numRuns: Number(process.env.FUZZ_RUNS) || 200, endOnFailure: true }
const TIMEOUT = 10_000 + (RUNS.numRuns - 200) * 20

describe('fuzzing every endpoint through app.request()', () => {
  it(
    'answers any request without a 5xx, with a JSON error on 4xx, in time',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.record({ method, path, headers: headers(tokens), body }), async (r) =>
          send(r),
        ),
        RUNS,
      )
    },
    TIMEOUT,
  )

  it(
    'takes any body on the JSON endpoints with a valid session',
    async () => {
      const endpoint = fc.constantFrom(
        '/api/chat',
        '/api/session',
        '/api/messages/8c1e2f4a-0000-4000-8000-000000000001/feedback',
        '/api/chat/abc/stop',
      )
      await fc.assert(
        fc.asyncProperty(endpoint, headers(tokens.slice(0, 1)), body, async (p, h, b) =>
          send({
            method: 'POST',
            path: p,
            headers: { ...h, authorization: `Bearer ${tokens[0]}` },
            body: b,
          }),
        ),
        RUNS,
      )
    },
    TIMEOUT,
  )

  it(
    'takes any upload on /api/files',
    async () => {
      const part = fc.record({
        name: fc.oneof(
          fc.constantFrom('a.png', 'b.pdf', 'c.exe', '', '../x.png', 'x'.repeat(300)),
          fc.string(),
        ),
        type: fc.constantFrom('image/png', 'application/pdf', '', 'text/html'),
        field: fc.constantFrom('file', 'files', ''),
        bytes: fc.uint8Array({ maxLength: 3000 }),
        count: fc.integer({ min: 0, max: 3 }),
      })
      await fc.assert(
        fc.asyncProperty(part, async ({ name, type, field, bytes, count }) => {
          const form = new FormData()
          for (let i = 0; i < count; i++) form.append(field, new File([bytes], name, { type }))
          const res = await relay.app.request('/api/files', {
            method: 'POST',
            headers: { authorization: `Bearer ${tokens[0]}` },
            body: form,
          })
          expect(res.status).toBeLessThan(500)
          if (res.status >= 400)
            expect(await res.json()).toMatchObject({ error: { code: expect.any(String) } })
        }),
        RUNS,
      )
    },
    TIMEOUT,
  )

  it(
    'refuses path tricks on id routes with a 4xx',
    async () => {
      const route = fc.constantFrom(
        '/api/conversations/{id}/messages',
        '/api/messages/{id}/suggested',
        '/api/chat/{id}/stop',
      )
      await fc.assert(
        fc.asyncProperty(route, segment, async (template, id) => {
          const p = template.replace('{id}', id)
          const m = p.endsWith('/stop') ? 'POST' : 'GET'
          await send({
            method: m,
            path: p,
            headers: { authorization: `Bearer ${tokens[0]}` },
            body: null,
          })
        }),
        RUNS,
      )
    },
    TIMEOUT,
  )

  it('keeps serving afterwards', async () => {
    const res = await relay.app.request('/api/chat', {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'still there?' }),
    })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('event: end')
    await emulator.settled()
  })
})
