/**
 * METRICS_PORT on the Node entry, over real sockets: a session, an answer, a 429 and a Dify failure,
 * then a scrape of `/metrics` read as Prometheus' text format.
 */

import { type DifyUpstream, startDifyUpstream } from '@parley/emulator/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readStream } from './loopback-relay.ts'
import { type RelayProcess, startRelayProcess } from './node-process.ts'
import { type Exposition, parsePrometheusText, sumOf } from './prometheus-text.ts'

const QUERY = 'Where is parcel 4711 for Jane Roe?'
const FORWARDED_IP = '198.51.100.23'

let upstream: DifyUpstream
let relay: RelayProcess
let api: string
let metricsUrl: string
let token: string
let conversationId: string
let scrape: string
let metrics: Exposition

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${api}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'x-forwarded-for': FORWARDED_IP,
      ...init.headers,
    },
  })
}

beforeAll(async () => {
  upstream = await startDifyUpstream({ answer: () => 'It is on its way.' })
  relay = startRelayProcess({
    DIFY_API_URL: upstream.url,
    DIFY_API_KEY: upstream.apiKey,
    SESSION_SECRET: 'metrics-test-secret-0123456789abcdef',
    ALLOWED_ORIGINS: '*',
    RATE_LIMIT_SESSION: '1/min',
    SHUTDOWN_GRACE: '1s',
    METRICS_PORT: '0',
  })
  api = await relay.listening
  const url = /Prometheus metrics at (http:\/\/[^\s"]+)/.exec(relay.output().stdout)?.[1]
  if (!url) throw new Error(`no metrics line in: ${relay.output().stdout}`)
  metricsUrl = url

  const session = await fetch(`${api}/api/session`, { method: 'POST' })
  expect(session.status).toBe(201)
  token = ((await session.json()) as { token: string }).token
  const chat = () => call('/api/chat', { method: 'POST', body: JSON.stringify({ query: QUERY }) })
  const { events } = await readStream(await chat())
  expect(events.at(-1)?.type).toBe('end')
  const start = events.find((e) => e.type === 'start')
  conversationId = start?.type === 'start' ? start.conversationId : ''
  expect((await chat()).status).toBe(429)
  // A read is retried once: both tries fail.
  upstream.failNext('/v1/messages', { status: 503 }, { status: 503 })
  const history = await call(`/api/conversations/${conversationId}/messages`)
  expect(history.status).toBe(503)

  const res = await fetch(metricsUrl)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  scrape = await res.text()
  metrics = parsePrometheusText(scrape)
}, 60_000)

afterAll(async () => {
  // SIGTERM, which tsx passes on: a SIGKILL would end only tsx and leave the relay running.
  if (relay?.child.exitCode === null) relay.child.kill('SIGTERM')
  await relay?.exited
  await upstream?.close()
})

describe('METRICS_PORT', () => {
  it('counts requests by route pattern, status and app', () => {
    const requests = (route: string, status: string) =>
      sumOf(metrics, 'parley_http_requests_total', { route, status, app: 'default' })
    expect(requests('/api/session', '201')).toBe(1)
    expect(requests('/api/chat', '200')).toBe(1)
    expect(requests('/api/chat', '429')).toBe(1)
    expect(requests('/api/conversations/:id/messages', '503')).toBe(1)
    expect(metrics.types.get('parley_http_requests_total')).toBe('counter')
    const durations = 'parley_http_request_duration_seconds_count'
    expect(sumOf(metrics, durations, { route: '/api/chat', method: 'POST' })).toBe(2)
  })

  it('reports the answer: no stream left open, its first event, Dify’s latency by endpoint', () => {
    expect(sumOf(metrics, 'parley_open_streams', { app: 'default' })).toBe(0)
    expect(metrics.types.get('parley_open_streams')).toBe('gauge')
    expect(sumOf(metrics, 'parley_first_event_seconds_count', { app: 'default' })).toBe(1)
    const upstreamCalls = (endpoint: string, outcome: string) =>
      sumOf(metrics, 'parley_upstream_duration_seconds_count', {
        app: 'default',
        endpoint,
        outcome,
      })
    expect(upstreamCalls('chat-messages', 'ok')).toBe(1)
    expect(upstreamCalls('parameters', 'ok')).toBe(1)
    expect(upstreamCalls('messages', 'error')).toBe(2)
  })

  it('counts the refusal by its limit and the Dify failure by its code', () => {
    const refusals = 'parley_rate_limit_refusals_total'
    expect(sumOf(metrics, refusals, { app: 'default', limit: 'session' })).toBe(1)
    expect(sumOf(metrics, refusals)).toBe(1)
    const errors = 'parley_upstream_errors_total'
    expect(sumOf(metrics, errors, { app: 'default', code: 'upstream_unavailable' })).toBe(1)
    expect(sumOf(metrics, errors)).toBe(1)
  })

  it('writes well-formed histograms and the default process metrics', () => {
    for (const name of [
      'parley_http_request_duration_seconds',
      'parley_first_event_seconds',
      'parley_upstream_duration_seconds',
    ]) {
      expect(metrics.types.get(name)).toBe('histogram')
      const infinite = sumOf(metrics, `${name}_bucket`, { le: '+Inf' })
      expect(infinite).toBe(sumOf(metrics, `${name}_count`))
      expect(infinite).toBeGreaterThan(0)
    }
    expect(sumOf(metrics, 'process_cpu_seconds_total')).toBeGreaterThan(0)
    expect(metrics.types.get('nodejs_heap_size_used_bytes')).toBe('gauge')
  })

  it('never shows a key, token, visitor id, IP, query or Dify id', () => {
    const visitor = JSON.parse(atob(token.split('.')[1] ?? '')).sub as string
    expect(conversationId).not.toBe('')
    for (const secret of [
      upstream.apiKey,
      token,
      visitor,
      '127.0.0.1',
      FORWARDED_IP,
      QUERY,
      'parcel',
      conversationId,
    ]) {
      expect(scrape).not.toContain(secret)
    }
    expect(scrape).not.toMatch(/v_[0-9a-f]{8}/)
  })

  it('serves only GET /metrics on its port, and the API port no metrics', async () => {
    const metricsOrigin = new URL(metricsUrl).origin
    expect((await fetch(`${metricsOrigin}/api/session`, { method: 'POST' })).status).toBe(404)
    expect((await fetch(`${metricsOrigin}/healthz`)).status).toBe(404)
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(404)
    const onApi = await fetch(`${api}/metrics`)
    expect(onApi.status).toBe(404)
    expect(await onApi.text()).not.toContain('parley_')
  })
})
