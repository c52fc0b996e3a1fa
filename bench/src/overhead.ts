/**
 * Relay overhead: the same scripted answers fetched from the test upstream directly and through the
 * relay, alternating per iteration (and which goes first), in one run, so drift hits both alike.
 */
import type { Scenario } from '@parley/emulator/server'
import type { Relay, Upstream } from './procs.ts'
import { mintSession, postStream, type StreamTiming } from './sse-client.ts'
import { median, pairedDifferences, quantile } from './stats.ts'

export interface FirstEventOverhead {
  firstEvent: { iterations: number; directMedianMs: number; relayMedianMs: number }
  addedFirstEventMedianMs: number
  addedFirstEventP99Ms: number
}

export interface OverheadResult extends FirstEventOverhead {
  stream: { iterations: number; chunks: number; directMedianMs: number; relayMedianMs: number }
  /** Median of the per-pair ratios relayed / direct. */
  streamRatio: number
}

type Fetcher = () => Promise<StreamTiming>

/** Interleaved pairs: [direct, relayed] timings, alternating which of the two runs first. */
async function pairs(
  upstream: Upstream,
  scenario: Scenario,
  iterations: number,
  warmup: number,
  a: Fetcher,
  b: Fetcher,
  what = 'chat',
) {
  const out: [StreamTiming, StreamTiming][] = []
  for (let i = 0; i < warmup + iterations; i++) {
    await upstream.next(scenario, scenario)
    const first = i % 2 === 0 ? await a() : await b()
    const second = i % 2 === 0 ? await b() : await a()
    const pair: [StreamTiming, StreamTiming] = i % 2 === 0 ? [first, second] : [second, first]
    for (const t of pair) if (t.status !== 200) throw new Error(`${what} answered ${t.status}`)
    if (i >= warmup) out.push(pair)
  }
  return out
}

const SHORT: Scenario = { chunks: ['Hello', ' there', '!'] }

/** A short answer's first event, direct and relayed: what the relay adds before the visitor sees anything. */
export async function firstEventOverhead(
  upstream: Upstream,
  direct: Fetcher,
  relayed: Fetcher,
  iterations: number,
  what?: string,
): Promise<FirstEventOverhead> {
  const firsts = await pairs(upstream, SHORT, iterations, 50, direct, relayed, what)
  const directFirst = firsts.map(([d]) => d.firstEventMs)
  const relayFirst = firsts.map(([, r]) => r.firstEventMs)
  const added = pairedDifferences(directFirst, relayFirst)
  return {
    firstEvent: {
      iterations: firsts.length,
      directMedianMs: median(directFirst),
      relayMedianMs: median(relayFirst),
    },
    addedFirstEventMedianMs: median(added),
    addedFirstEventP99Ms: quantile(added, 0.99),
  }
}

export async function measureOverhead(
  upstream: Upstream,
  relay: Relay,
  options = { firstEventIterations: 400, streamIterations: 60, chunks: 1000 },
): Promise<OverheadResult> {
  const token = await mintSession(relay.url)
  const direct = (needle: string) => () =>
    postStream(
      `${upstream.url}/chat-messages`,
      { inputs: {}, query: 'bench', response_mode: 'streaming', user: 'bench-visitor' },
      { headers: { authorization: `Bearer ${upstream.apiKey}` }, needle },
    )
  const relayed = (needle: string) => () =>
    postStream(
      `${relay.url}/api/chat`,
      { query: 'bench' },
      { headers: { authorization: `Bearer ${token}` }, needle },
    )

  const first = await firstEventOverhead(
    upstream,
    direct('data:'),
    relayed('data:'),
    options.firstEventIterations,
  )

  // As fast as the upstream can write: every chunk in its own event-loop turn, like a token stream.
  const chunks = Array.from({ length: options.chunks }, (_, i) => `token${i} `)
  const long: Scenario = { chunks, bytes: { delayMs: 0 } }
  const streams = await pairs(
    upstream,
    long,
    options.streamIterations,
    5,
    direct('"event":"message"'),
    relayed('event: delta'),
  )
  for (const [d, r] of streams) {
    if (d.count !== options.chunks || r.count !== options.chunks) {
      throw new Error(
        `expected ${options.chunks} chunks, got ${d.count} direct, ${r.count} relayed`,
      )
    }
  }
  const directTotal = median(streams.map(([d]) => d.totalMs))
  const relayTotal = median(streams.map(([, r]) => r.totalMs))
  const ratios = streams.map(([d, r]) => r.totalMs / d.totalMs)
  return {
    ...first,
    stream: {
      iterations: streams.length,
      chunks: options.chunks,
      directMedianMs: directTotal,
      relayMedianMs: relayTotal,
    },
    streamRatio: median(ratios),
  }
}
