/** A `RelayMetrics` that writes down every report, for tests of what is measured and how it is labelled. */
import type { ErrorCode } from '@parley/shared'
import type { LimitName, RelayMetrics, RequestLabels, UpstreamOutcome } from '../src/metrics.ts'

export interface Recorded {
  requests: RequestLabels[]
  /** `+app` when a stream opened, `-app` when it ended. */
  streams: string[]
  firstEvents: { app: string; ms: number }[]
  upstream: { app: string; endpoint: string; outcome: UpstreamOutcome }[]
  refused: { app: string; limit: LimitName }[]
  upstreamErrors: { app: string; code: ErrorCode }[]
}

export function recordingMetrics(): { metrics: RelayMetrics; recorded: Recorded } {
  const recorded: Recorded = {
    requests: [],
    streams: [],
    firstEvents: [],
    upstream: [],
    refused: [],
    upstreamErrors: [],
  }
  const metrics: RelayMetrics = {
    request: (labels) => void recorded.requests.push(labels),
    streamOpened: (app) => void recorded.streams.push(`+${app}`),
    streamClosed: (app) => void recorded.streams.push(`-${app}`),
    firstEvent: (app, ms) => void recorded.firstEvents.push({ app, ms }),
    upstream: (app, endpoint, _ms, outcome) =>
      void recorded.upstream.push({ app, endpoint, outcome }),
    refused: (app, limit) => void recorded.refused.push({ app, limit }),
    upstreamError: (app, code) => void recorded.upstreamErrors.push({ app, code }),
  }
  return { metrics, recorded }
}
