/**
 * The relay's HTTP integration suite, run unchanged against the relay on each runtime: sessions, app
 * info, widget.js, chat streaming, stop, history, Dify errors, timeouts, disconnects and limits.
 */
import { readFile } from 'node:fs/promises'
import type { DifyUpstream, Json } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import type { AppInfo, StartEvent, WidgetEvent } from '@parley/shared'
import { ROUTES } from '@parley/shared'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { followStream, readStream, textOf } from '../loopback-relay.ts'
import { parsePrometheusText, sumOf } from '../prometheus-text.ts'
import { type Runtime, type RuntimeRelay, removeNodeBundle, startRelayOn } from './start-relay.ts'

const types = (events: WidgetEvent[]) => events.map((e) => e.type)
const widgetUrl = new URL('../../../widget/dist/widget.js', import.meta.url)

/** Polls `check` until it holds; a loaded machine gets a generous deadline, not a fixed sleep. */
export async function eventually(check: () => boolean, deadlineMs = 10_000): Promise<void> {
  const until = Date.now() + deadlineMs
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met before the deadline')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

export function runtimeSuite(runtime: Runtime): void {
  // Child processes start slowly on a busy 2-core machine: generous per-file limits.
  vi.setConfig({ testTimeout: 30_000, hookTimeout: 90_000 })
  let upstream: DifyUpstream
  let relay: RuntimeRelay
  beforeAll(async () => {
    upstream = await startDifyUpstream()
    relay = await startRelayOn(runtime, {
      DIFY_API_URL: upstream.url,
      DIFY_API_KEY: upstream.apiKey,
      // Short enough for the timeout tests, long enough for a loaded machine's first byte.
      UPSTREAM_TIMEOUT: '1500ms,1500ms',
      RATE_LIMIT_SESSION: '4/min',
      LOG_LEVEL: 'debug',
      METRICS_PORT: '0',
    })
  })
  afterAll(async () => {
    await relay?.close()
    await upstream?.close()
    await removeNodeBundle()
  })

  describe(`the relay on ${runtime}`, () => {
    it('serves health, sessions and app info, and refuses a bad token', async () => {
      const health: Json = await (await fetch(`${relay.url}${ROUTES.health}`)).json()
      expect(health).toMatchObject({ ok: true, mode: 'dify' })
      const token = await relay.session()
      const app = (await (await relay.api(token, 'GET', ROUTES.app)).json()) as AppInfo
      expect(app.openingStatement).toBe('Hello! How can I help you today?')
      const bad = await relay.api(`${token}x`, 'GET', ROUTES.app)
      expect(bad.status).toBe(401)
      expect(((await bad.json()) as Json).error.code).toBe('unauthorized')
    })

    it('takes the client IP from the connection', async () => {
      await relay.session()
      await eventually(() => relay.logs.some((l) => l.includes('"path":"/api/session"')))
      const line = relay.logs.find((l) => l.includes('"path":"/api/session"')) ?? '{}'
      const ip: unknown = JSON.parse(line).ip
      // workerd has no socket address: Cloudflare's edge (here miniflare) sets CF-Connecting-IP.
      expect(ip).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/)
    })

    it('serves the same widget.js as the build, with an ETag', async () => {
      const built = await readFile(widgetUrl, 'utf8').catch(() => null)
      const response = await fetch(`${relay.url}/widget.js`)
      expect(response.headers.get('access-control-allow-origin')).toBe('*')
      if (built === null) {
        expect(response.status).toBe(503)
        return
      }
      expect(response.status).toBe(200)
      expect(await response.text()).toBe(built)
      const etag = response.headers.get('etag') ?? ''
      const again = await fetch(`${relay.url}/widget.js`, { headers: { 'if-none-match': etag } })
      expect(again.status).toBe(304)
    })

    it('streams an answer whose bytes arrive one at a time, splitting frames and UTF-8', async () => {
      const token = await relay.session()
      const answer = 'Grüße, 日本語 and 🎉👍🏽 — done.'
      upstream.next({ answer, bytes: { size: 1, delayMs: 0 }, pings: { before: 1, every: 2 } })
      const response = await relay.chat(token, { query: 'split me' })
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
      expect(response.headers.get('cache-control')).toContain('no-cache')
      expect(response.headers.get('x-accel-buffering')).toBe('no')
      const { events, raw } = await readStream(response)
      expect(textOf(events)).toBe(answer)
      expect(types(events)[0]).toBe('start')
      expect(types(events).at(-1)).toBe('end')
      expect(raw).not.toContain('event: ping')
      const sent: Json = upstream.requests.filter((r) => r.path === '/v1/chat-messages').at(-1)
      expect(sent.headers.authorization).toBe(`Bearer ${upstream.apiKey}`)
      expect(sent.body).toMatchObject({ query: 'split me', response_mode: 'streaming' })
    })

    it('stops generation: the stream ends with end and the partial answer is kept', async () => {
      const token = await relay.session()
      const answer = 'a b c d e f g h i j k l m n o p q r s t u v w x y z'
      upstream.next({ answer, frameDelayMs: 30 })
      const stream = followStream(await relay.chat(token, { query: 'stop me' }))
      await stream.waitFor((e) => e.some((x) => x.type === 'delta'))
      const start = stream.events.find((e): e is StartEvent => e.type === 'start')
      const stop = await relay.api(token, 'POST', ROUTES.stop(String(start?.taskId)))
      expect(stop.status).toBe(200)
      const all = await stream.done
      expect(all.at(-1)?.type).toBe('end')
      expect(textOf(all).length).toBeLessThan(answer.length)
      await upstream.settled()
      expect(upstream.messages(String(start?.conversationId))[0]?.answer).toBe(textOf(all))
    })

    it('continues a visitor’s conversation, pages its history, refuses it to another', async () => {
      const alice = await relay.session()
      const bob = await relay.session()
      upstream.next({ answer: 'r1' }, { answer: 'r2' }, { answer: 'r3' })
      const first = await readStream(await relay.chat(alice, { query: 'q1' }))
      const conversationId = (first.events[0] as StartEvent).conversationId
      for (const query of ['q2', 'q3']) {
        const next = await readStream(await relay.chat(alice, { query, conversationId }))
        expect(next.events[0]).toMatchObject({ type: 'start', conversationId })
      }
      const newest: Json = await (
        await relay.api(alice, 'GET', `${ROUTES.messages(conversationId)}?limit=2`)
      ).json()
      expect(newest).toMatchObject({ hasMore: true, messages: [{ query: 'q2' }, { query: 'q3' }] })
      const older: Json = await (
        await relay.api(
          alice,
          'GET',
          `${ROUTES.messages(conversationId)}?limit=2&before=${newest.messages[0].id}`,
        )
      ).json()
      expect(older).toMatchObject({ hasMore: false, messages: [{ query: 'q1', answer: 'r1' }] })
      const intrude = await relay.chat(bob, { query: 'let me in', conversationId })
      expect(intrude.status).toBe(404)
      expect(((await intrude.json()) as Json).error.code).toBe('not_found')
    })

    it('keeps the answer when the visitor disconnects mid-stream', async () => {
      const token = await relay.session()
      const answer = 'one two three four five six seven eight nine ten'
      upstream.next({ answer, frameDelayMs: 20 })
      const abort = new AbortController()
      const response = await relay.chat(token, { query: 'long answer' }, abort.signal)
      const events = await followStream(response).waitFor((e) => e.some((x) => x.type === 'delta'))
      const start = events.find((e): e is StartEvent => e.type === 'start')
      abort.abort()
      await upstream.settled()
      expect(upstream.disconnects).toBe(0)
      expect(upstream.messages(String(start?.conversationId))[0]).toMatchObject({
        answer,
        done: true,
      })
      const page: Json = await (
        await relay.api(token, 'GET', ROUTES.messages(String(start?.conversationId)))
      ).json()
      expect(page.messages).toEqual([expect.objectContaining({ answer })])
    })

    it.each([
      [500, 502, { code: 'internal_server_error', message: 'Traceback SECRET', status: 500 }],
      [404, 404, { code: 'not_found', message: 'Conversation Not Exists.', status: 404 }],
    ])('maps a Dify HTTP %i to %i without passing Dify’s body on', async (status, mapped, body) => {
      const token = await relay.session()
      upstream.next({ httpError: { status, body } })
      const response = await relay.chat(token, { query: 'x' })
      expect(response.status).toBe(mapped)
      expect(await response.text()).not.toContain('SECRET')
    })

    it('ends with an error event after the partial text when Dify fails mid-stream', async () => {
      const token = await relay.session()
      upstream.next({ answer: 'one two three', error: { afterChunks: 2, message: 'overloaded' } })
      const { events } = await readStream(await relay.chat(token, { query: 'x' }))
      expect(textOf(events)).toBe('one two ')
      expect(events.at(-1)).toMatchObject({ type: 'error', code: 'upstream_error' })
    })

    it('times out when Dify never answers, and when it only sends pings', async () => {
      const token = await relay.session()
      upstream.next({ hangBeforeResponse: true }, { onlyPings: { intervalMs: 50 } })
      // Before any byte the error is a JSON 504; once streaming, the stream's last event.
      const hang = await relay.chat(token, { query: 'hang' })
      expect(hang.status).toBe(504)
      expect(((await hang.json()) as Json).error.code).toBe('upstream_timeout')
      const { events } = await readStream(await relay.chat(token, { query: 'pings' }))
      expect(events.at(-1)).toMatchObject({ type: 'error', code: 'upstream_timeout' })
    })

    it('limits a session’s messages: 429 with Retry-After beyond the rate', async () => {
      const token = await relay.session()
      for (let i = 0; i < 4; i++) {
        upstream.next({ answer: 'ok' })
        const { events } = await readStream(await relay.chat(token, { query: `m${i}` }))
        expect(types(events).at(-1)).toBe('end')
      }
      const refused = await relay.chat(token, { query: 'one too many' })
      expect(refused.status).toBe(429)
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(((await refused.json()) as Json).error.code).toBe('rate_limited')
    })

    it('serves Prometheus text on METRICS_PORT, except on Workers, which have none', async () => {
      const line = relay.logs.find((l) => l.includes('Prometheus metrics at'))
      if (runtime === 'workerd') return expect(line).toBeUndefined()
      const url = /"url":"(http:[^"]+)"/.exec(line ?? '')?.[1] ?? 'no metrics line'
      const metrics = parsePrometheusText(await (await fetch(url)).text())
      const sessions = { route: '/api/session', status: '201', app: 'default' }
      expect(sumOf(metrics, 'parley_http_requests_total', sessions)).toBeGreaterThan(0)
      expect(sumOf(metrics, 'parley_first_event_seconds_count')).toBeGreaterThan(0)
      expect(sumOf(metrics, 'process_cpu_seconds_total')).toBeGreaterThan(0)
    })
  })
}
