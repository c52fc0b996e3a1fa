import { connect } from 'node:net'
import type { DifyUpstream } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SERVER_OPTIONS } from '../src/server-options.ts'
import type { LoopbackRelay } from './loopback-relay.ts'
import { readStream, startLoopbackRelay, textOf } from './loopback-relay.ts'

// The entry's settings scaled down so they fire within a test.
const SHORT = {
  keepAliveTimeout: 200,
  headersTimeout: 300,
  requestTimeout: 400,
  connectionsCheckingInterval: 50,
}

let upstream: DifyUpstream
let relay: LoopbackRelay
beforeAll(async () => {
  upstream = await startDifyUpstream()
  relay = await startLoopbackRelay(upstream, {}, {}, SHORT)
})
afterAll(async () => {
  await relay.close()
  await upstream.close()
})

/** A raw socket to the relay: everything it receives, and when it closes. */
function rawSocket(send: string) {
  const { port } = new URL(relay.url)
  const socket = connect(Number(port), '127.0.0.1')
  let received = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => (received += chunk))
  socket.on('error', () => undefined)
  socket.write(send)
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()))
  const within = (ms: number) =>
    Promise.race([
      closed.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
    ])
  return { socket, received: () => received, within }
}

describe('keep-alive pings', () => {
  it('writes `: ping` to the browser while Dify is quiet, and the answer stays exact', async () => {
    const pinging = await startLoopbackRelay(upstream, {}, { pingIntervalMs: 40 })
    try {
      // Dify's own pings count as silence for the relay; the browser gets the relay's comment frames.
      upstream.next({ answer: 'slow but steady', frameDelayMs: 300, pings: { every: 1 } })
      const { events, raw } = await readStream(
        await pinging.chat(await pinging.session(), { query: 'q' }),
      )
      expect(textOf(events)).toBe('slow but steady')
      const afterStart = raw.slice(raw.indexOf('event: start'))
      expect(afterStart.split(': ping\n\n').length - 1).toBeGreaterThanOrEqual(2)
      expect(raw).not.toContain('event: ping')
      expect(raw.endsWith('\n\n')).toBe(true)
    } finally {
      await pinging.close()
    }
  })
})

describe('server timeouts (Node entry)', () => {
  it('uses settings that keep long streams and fit behind a load balancer', () => {
    expect(SERVER_OPTIONS.keepAliveTimeout).toBeGreaterThan(60_000)
    expect(SERVER_OPTIONS.headersTimeout).toBeLessThanOrEqual(SERVER_OPTIONS.requestTimeout)
  })

  it('lets an answer stream run far longer than requestTimeout', async () => {
    const answer = Array.from({ length: 12 }, (_, i) => `word${i}`).join(' ')
    upstream.next({ answer, frameDelayMs: 100 })
    const started = Date.now()
    const { events } = await readStream(await relay.chat(await relay.session(), { query: 'slow' }))
    expect(Date.now() - started).toBeGreaterThan(SHORT.requestTimeout * 2)
    expect(textOf(events)).toBe(answer)
    expect(events.at(-1)?.type).toBe('end')
  })

  it('closes an idle keep-alive connection', async () => {
    const raw = rawSocket('GET /healthz HTTP/1.1\r\nHost: relay\r\n\r\n')
    expect(await raw.within(10_000)).toBe(true)
    expect(raw.received()).toMatch(/^HTTP\/1\.1 200 OK/)
  })

  it('drops a client that never finishes its headers', async () => {
    const raw = rawSocket('GET /healthz HTTP/1.1\r\nHost: relay\r\nX-Slow: ')
    expect(await raw.within(10_000)).toBe(true)
    expect(raw.received()).not.toContain('200 OK')
  })
})
