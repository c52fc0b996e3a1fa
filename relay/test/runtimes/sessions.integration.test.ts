/** Sessions are portable: a token minted by the relay on one runtime is accepted by every other. */

import type { DifyUpstream } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import { ROUTES } from '@parley/shared'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { RUNTIMES, type RuntimeRelay, removeNodeBundle, startRelayOn } from './start-relay.ts'

vi.setConfig({ testTimeout: 30_000, hookTimeout: 90_000 })

let upstream: DifyUpstream
let relays: RuntimeRelay[] = []
let stranger: RuntimeRelay
beforeAll(async () => {
  upstream = await startDifyUpstream()
  const env = { DIFY_API_URL: upstream.url, DIFY_API_KEY: upstream.apiKey }
  // Four runtimes with the shared secret, and one Node relay with another.
  const started = await Promise.all(
    [...RUNTIMES, 'node' as const].map((runtime, i) =>
      startRelayOn(runtime, {
        ...env,
        ...(i === RUNTIMES.length && { SESSION_SECRET: 'another-secret-0123456789abcdefghij' }),
      }),
    ),
  )
  stranger = started.pop() as RuntimeRelay
  relays = started
})
afterAll(async () => {
  await Promise.all([...relays, stranger].map((r) => r?.close()))
  await upstream?.close()
  await removeNodeBundle()
})

describe('sessions across runtimes sharing SESSION_SECRET', () => {
  it('accepts a session minted on any runtime on every other', async () => {
    for (const minter of relays) {
      const token = await minter.session()
      for (const relay of relays) {
        const response = await relay.api(token, 'GET', ROUTES.app)
        expect(`${minter.runtime} → ${relay.runtime}: ${response.status}`).toBe(
          `${minter.runtime} → ${relay.runtime}: 200`,
        )
      }
      const refused = await stranger.api(token, 'GET', ROUTES.app)
      expect(refused.status).toBe(401)
    }
  })
})
