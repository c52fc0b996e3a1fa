/**
 * METRICS_PORT: the relay's metrics (metrics.ts) in prom-client, with its default process metrics,
 * served as Prometheus text at `GET /metrics` on a listener of their own. node:http, which Bun and
 * Deno implement too; loaded by start-kit.ts only when metrics are on.
 */
import { createServer, type Server } from 'node:http'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { RelayMetrics } from '../metrics.ts'

const seconds = (ms: number) => ms / 1000

/** Dify's answers take seconds to start: buckets up to a minute, like UPSTREAM_TIMEOUT's 30 s. */
const SLOW_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60]

export function prometheusMetrics(registry: Registry): RelayMetrics {
  const registers = [registry]
  const requests = new Counter({
    name: 'parley_http_requests_total',
    help: 'Responses by method, route pattern, status and app.',
    labelNames: ['method', 'route', 'status', 'app'],
    registers,
  })
  const durations = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'Time to the response headers (for an answer, to the start of its stream).',
    labelNames: ['method', 'route', 'app'],
    registers,
  })
  const streams = new Gauge({
    name: 'parley_open_streams',
    help: 'Answer streams open to visitors.',
    labelNames: ['app'],
    registers,
  })
  const firstEvents = new Histogram({
    name: 'parley_first_event_seconds',
    help: 'Time from a chat request to the first event of its answer.',
    labelNames: ['app'],
    buckets: SLOW_BUCKETS,
    registers,
  })
  const upstreams = new Histogram({
    name: 'parley_upstream_duration_seconds',
    help: "Time to Dify's response headers, or to the call's failure, by endpoint.",
    labelNames: ['app', 'endpoint', 'outcome'],
    buckets: SLOW_BUCKETS,
    registers,
  })
  const refusals = new Counter({
    name: 'parley_rate_limit_refusals_total',
    help: 'Requests refused with 429, by the limit that refused them.',
    labelNames: ['app', 'limit'],
    registers,
  })
  const upstreamErrors = new Counter({
    name: 'parley_upstream_errors_total',
    help: 'Dify failures answered to visitors, as JSON or as an error event, by error code.',
    labelNames: ['app', 'code'],
    registers,
  })
  return {
    request({ method, route, status, app }, ms) {
      requests.inc({ method, route, status, app })
      durations.observe({ method, route, app }, seconds(ms))
    },
    streamOpened: (app) => streams.inc({ app }),
    streamClosed: (app) => streams.dec({ app }),
    firstEvent: (app, ms) => firstEvents.observe({ app }, seconds(ms)),
    upstream: (app, endpoint, ms, outcome) =>
      upstreams.observe({ app, endpoint, outcome }, seconds(ms)),
    refused: (app, limit) => refusals.inc({ app, limit }),
    upstreamError: (app, code) => upstreamErrors.inc({ app, code }),
  }
}

/** Answers `GET /metrics` with the registry's text, anything else with 404. */
function metricsServer(registry: Registry): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found.\n')
      return
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    )
  })
}

export interface PrometheusListener {
  metrics: RelayMetrics
  /** The port it listens on (METRICS_PORT, or the one picked for 0). */
  port: number
}

/** Listens on `port` at `host`; rejects with the listen error (e.g. `EADDRINUSE`). */
export function startPrometheus(port: number, host: string): Promise<PrometheusListener> {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const metrics = prometheusMetrics(registry)
  const server = metricsServer(registry)
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const address = server.address()
      resolve({ metrics, port: typeof address === 'object' && address ? address.port : port })
    })
  })
}
