/**
 * What the relay reports for metrics (METRICS_PORT), without a metrics library: the runtime entries
 * pass an implementation (entries/prometheus.ts) to `createRelay`, none when metrics are off, and then
 * nothing is measured at all. Every label value is from a fixed set the relay or its operator
 * chose: route patterns, app ids from the configuration, Dify endpoint names, limit names, error
 * codes. Never a visitor id, token, IP, key, Dify id or a visitor's words.
 */
import type { ErrorCode, WidgetEvent } from '@parley/shared'

export type UpstreamOutcome = 'ok' | 'error'

/** Which limit refused a request (limits.ts: message buckets, `calls-` buckets for other calls). */
export type LimitName =
  | 'session'
  | 'ip'
  | 'calls-session'
  | 'calls-ip'
  | 'daily-session'
  | 'daily-app'
  | 'session-mint'
  | 'uploads'

export interface RequestLabels {
  /** GET, POST, …, or `other`. */
  method: string
  /** The matched route pattern (`/api/conversations/:id/messages`), or `unmatched`. */
  route: string
  status: number
  /** The app that served it; '' when the request never reached one (health, widget, refused early). */
  app: string
}

export interface RelayMetrics {
  /** A response, with the time to its headers. */
  request(labels: RequestLabels, ms: number): void
  streamOpened(app: string): void
  streamClosed(app: string): void
  /** Time from the request's arrival to the first event of its answer. */
  firstEvent(app: string, ms: number): void
  /** One call to Dify: time to its response headers (or its failure), by endpoint name. */
  upstream(app: string, endpoint: string, ms: number, outcome: UpstreamOutcome): void
  refused(app: string, limit: LimitName): void
  /** A Dify failure answered to a visitor, as JSON or as an answer's error event. */
  upstreamError(app: string, code: ErrorCode): void
}

/** The same, for one app: what its Dify client, its limits and its routes are given. */
export interface AppMeter {
  streamOpened(): void
  streamClosed(): void
  firstEvent(ms: number): void
  upstream(endpoint: string, ms: number, outcome: UpstreamOutcome): void
  refused(limit: LimitName): void
  upstreamError(code: ErrorCode): void
}

export function appMeter(metrics: RelayMetrics, app: string): AppMeter {
  return {
    streamOpened: () => metrics.streamOpened(app),
    streamClosed: () => metrics.streamClosed(app),
    firstEvent: (ms) => metrics.firstEvent(app, ms),
    upstream: (endpoint, ms, outcome) => metrics.upstream(app, endpoint, ms, outcome),
    refused: (limit) => metrics.refused(app, limit),
    upstreamError: (code) => metrics.upstreamError(app, code),
  }
}

/**
 * `answerStream`'s hooks for one metered answer: counted open from now until the visitor's stream
 * ends, the latency of its first event from `receivedAt`, and the code of an error event.
 */
export function meterAnswer(meter: AppMeter, receivedAt: number) {
  meter.streamOpened()
  let first = true
  return {
    onEvent(event: WidgetEvent) {
      if (first) {
        first = false
        meter.firstEvent(performance.now() - receivedAt)
      }
      if (event.type === 'error') meter.upstreamError(event.code)
    },
    onEnd: () => meter.streamClosed(),
  }
}
