import { describe, expect, it } from 'vitest'
import { error, fakeRelay, json } from '../../test/fake-relay.ts'
import { createRelayClient } from '../api/relay-client.ts'
import { createAppInfo } from './app-info.ts'

const client = (fetch: typeof globalThis.fetch) => {
  let token: string | null = null
  return createRelayClient(
    'https://relay.test',
    { get: () => token, set: (t) => (token = t) },
    fetch,
  )
}

describe('the app info store', () => {
  it('holds what the relay says about the app, and whether it runs in demo mode', async () => {
    const relay = fakeRelay()
    relay.on('GET /healthz', () => json({ ok: true, mode: 'demo', version: 'test' }))
    relay.on('GET /api/app', () => json({ title: 'Acme', openingStatement: 'Hi' }))
    const appInfo = createAppInfo(client(relay.fetch))
    expect(appInfo.$appInfo.get()).toEqual({ info: null, demo: false })
    await appInfo.load()
    expect(appInfo.$appInfo.get()).toMatchObject({ info: { title: 'Acme' }, demo: true })
  })

  it('does without either answer', async () => {
    const relay = fakeRelay()
    relay.on('GET /healthz', () => Promise.reject(new TypeError('offline')))
    relay.on('GET /api/app', () => error('upstream_error', 502))
    const appInfo = createAppInfo(client(relay.fetch))
    await appInfo.load()
    expect(appInfo.$appInfo.get()).toEqual({ info: null, demo: false })
  })
})
