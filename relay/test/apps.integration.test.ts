/**
 * One relay, two Dify apps (PARLEY_CONFIG) with different keys, upstreams, origins and limits, over
 * real sockets: each visitor reaches only their app's Dify, with that app's key.
 */

import { type DifyUpstream, startDifyUpstream } from '@parley/emulator/server'
import type { StartEvent } from '@parley/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LoopbackRelay, readStream, startLoopbackRelay, textOf } from './loopback-relay.ts'

const HELP = 'https://help.example.com'
const SHOP = 'https://shop.example.com'

let support: DifyUpstream
let sales: DifyUpstream
let relay: LoopbackRelay
beforeAll(async () => {
  support = await startDifyUpstream({
    apiKey: 'app-support-key-0123456789',
    answer: () => 'Support here.',
  })
  sales = await startDifyUpstream({
    apiKey: 'app-sales-key-0123456789',
    answer: () => 'Sales here.',
  })
  const apps = {
    support: {
      difyApiKey: '${SUPPORT_KEY}',
      difyApiUrl: support.url,
      allowedOrigins: [HELP],
      rateLimitSession: '2/min',
    },
    sales: { difyApiKey: '${SALES_KEY}', difyApiUrl: sales.url, allowedOrigins: [SHOP] },
  }
  relay = await startLoopbackRelay(null, {
    PARLEY_CONFIG: JSON.stringify({ apps }),
    SUPPORT_KEY: support.apiKey,
    SALES_KEY: sales.apiKey,
  })
})
afterAll(async () => {
  await relay.close()
  await Promise.all([support.close(), sales.close()])
})

async function session(app: string | undefined, origin: string): Promise<Response> {
  return fetch(`${relay.url}/api/session`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    ...(app !== undefined && { body: JSON.stringify({ app }) }),
  })
}

async function tokenFor(app: string, origin: string): Promise<string> {
  const res = await session(app, origin)
  expect(res.status).toBe(201)
  return ((await res.json()) as { token: string }).token
}

function chat(token: string, origin: string, body: Record<string, unknown>) {
  return fetch(`${relay.url}/api/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, origin, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

const chats = (upstream: DifyUpstream) =>
  upstream.requests.filter((r) => r.path === '/v1/chat-messages')

describe('several apps in one relay', () => {
  it('sends each visitor to their app’s Dify with that app’s key, and nowhere else', async () => {
    const before = { support: chats(support).length, sales: chats(sales).length }
    const shopper = await tokenFor('sales', SHOP)
    const { events } = await readStream(await chat(shopper, SHOP, { query: 'price?' }))
    expect(textOf(events)).toBe('Sales here.')
    expect(chats(sales)).toHaveLength(before.sales + 1)
    expect(chats(sales).at(-1)?.headers.authorization).toBe(`Bearer ${sales.apiKey}`)
    expect(chats(support)).toHaveLength(before.support)

    const reader = await tokenFor('support', HELP)
    expect(textOf((await readStream(await chat(reader, HELP, { query: 'help?' }))).events)).toBe(
      'Support here.',
    )
    expect(chats(support).at(-1)?.headers.authorization).toBe(`Bearer ${support.apiKey}`)
    expect(chats(sales)).toHaveLength(before.sales + 1)
  })

  it('checks the app’s own origins, on the session and on every call after it', async () => {
    const wrongSite = await session('sales', HELP)
    expect(wrongSite.status).toBe(403)
    expect(await wrongSite.json()).toMatchObject({ error: { code: 'forbidden_origin' } })
    // A preflight from any app's site is answered; the call itself is checked against the app.
    const preflight = await fetch(`${relay.url}/api/chat`, {
      method: 'OPTIONS',
      headers: { origin: HELP, 'access-control-request-method': 'POST' },
    })
    expect(preflight.status).toBe(204)
    const shopper = await tokenFor('sales', SHOP)
    const res = await chat(shopper, HELP, { query: 'from the other site' })
    expect(res.status).toBe(403)
    expect(res.headers.get('access-control-allow-origin')).toBe(HELP)
    const stranger = await session('sales', 'https://evil.example')
    expect(stranger.status).toBe(403)
  })

  it('answers 404 for an app it does not serve, and serves the first app when none is named', async () => {
    expect((await session('billing', SHOP)).status).toBe(404)
    expect((await session(undefined, HELP)).status).toBe(201)
    const bad = await fetch(`${relay.url}/api/session`, {
      method: 'POST',
      headers: { origin: HELP, 'content-type': 'application/json' },
      body: '{"app": 7}',
    })
    expect(bad.status).toBe(400)
  })

  it('does not let a conversation of one app be used under another app’s session', async () => {
    const shopper = await tokenFor('sales', SHOP)
    const { events } = await readStream(await chat(shopper, SHOP, { query: 'remember me' }))
    const { conversationId } = events[0] as StartEvent
    const reader = await tokenFor('support', HELP)
    const history = await fetch(`${relay.url}/api/conversations/${conversationId}/messages`, {
      headers: { authorization: `Bearer ${reader}`, origin: HELP },
    })
    expect(history.status).toBe(404)
    const res = await chat(reader, HELP, { query: 'continue', conversationId })
    expect(res.status).toBe(404)
  })

  it('keeps each app’s limits to itself', async () => {
    const reader = await tokenFor('support', HELP)
    for (let i = 0; i < 2; i++) {
      expect(
        (await readStream(await chat(reader, HELP, { query: `q${i}` }))).events.at(-1)?.type,
      ).toBe('end')
    }
    expect((await chat(reader, HELP, { query: 'third' })).status).toBe(429)
    const shopper = await tokenFor('sales', SHOP)
    for (let i = 0; i < 3; i++) {
      const res = await chat(shopper, SHOP, { query: `q${i}` })
      expect(res.status).toBe(200)
      await readStream(res)
    }
  })

  it('lists its apps in /healthz by id and mode only', async () => {
    const health = await (await fetch(`${relay.url}/healthz`)).json()
    expect(health).toEqual({
      ok: true,
      mode: 'dify',
      version: 'dev',
      apps: [
        { id: 'support', mode: 'dify' },
        { id: 'sales', mode: 'dify' },
      ],
    })
  })
})
