/** Requests per second the relay process answers for the cheap endpoints (autocannon, keep-alive). */
import autocannon from 'autocannon'
import type { Relay } from './procs.ts'
import { mintSession } from './sse-client.ts'

export interface Throughput {
  path: string
  requestsPerSecond: number
  latencyP50Ms: number
  latencyP99Ms: number
  /** Non-2xx answers, errors and timeouts: any of them makes the figure worthless. */
  failures: number
  connections: number
  seconds: number
}

async function load(name: string, options: Parameters<typeof autocannon>[0], seconds: number) {
  await autocannon({ ...options, duration: 1 }) // warm-up, discarded
  const r = await autocannon({ ...options, duration: seconds })
  return {
    path: name,
    requestsPerSecond: r.requests.total / r.duration,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    failures: r.non2xx + r.errors + r.timeouts,
    connections: options.connections ?? 10,
    seconds,
  }
}

export async function measureThroughput(relay: Relay, seconds = 4, connections = 32) {
  const token = await mintSession(relay.url)
  const session = await load(
    'POST /api/session',
    { url: `${relay.url}/api/session`, method: 'POST', connections },
    seconds,
  )
  const app = await load(
    'GET /api/app',
    {
      url: `${relay.url}/api/app`,
      headers: { authorization: `Bearer ${token}` },
      connections,
    },
    seconds,
  )
  return [session, app]
}
