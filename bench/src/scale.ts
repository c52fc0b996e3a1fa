/**
 * Relay scale: open answer streams held by the load generator (this process), stepped up in batches,
 * against a fresh relay process and its own test upstream; the relay's RSS at rest and per stream.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { type HeldStream, holdStream } from './held-stream.ts'
import { type Relay, rssOf, startRelay, startUpstream } from './procs.ts'
import { mintSession, postStream } from './sse-client.ts'

export interface ScaleStep {
  streams: number
  /** Streams that failed at any point up to this step. */
  errors: number
  relayRss: number
  /** (RSS now − idle RSS) / streams. */
  rssPerStream: number
  /** Seconds it took to open this step's new streams. */
  openSeconds: number
}

export interface ScaleResult {
  relayEntry: string
  /** RSS 1 s after the relay started listening, before any request. */
  coldRss: number
  /** Lowest RSS in 10 s of idleness after a short warm-up (sessions, /api/app, a few answers). */
  idleRss: number
  steps: ScaleStep[]
  /** Highest step held with zero errors. */
  maxStreamsHeld: number
  error: string | null
}

/** One delta a second for 10 minutes: the stream stays open and live for the whole ramp. */
const SLOW_ANSWER = { chunks: Array.from({ length: 600 }, () => 'tick '), frameDelayMs: 1000 }

async function warmUp(relay: Relay, upstream: { next(...s: object[]): Promise<void> }) {
  for (let i = 0; i < 10; i++) {
    const token = await mintSession(relay.url)
    await fetch(`${relay.url}/api/app`, { headers: { authorization: `Bearer ${token}` } })
    await upstream.next({ chunks: ['warm', ' up'] })
    await postStream(
      `${relay.url}/api/chat`,
      { query: 'warm up' },
      { headers: { authorization: `Bearer ${token}` } },
    )
  }
}

/** Up to design.md's 8,000 open streams (the fd limit here is 20,000: each stream holds 2 in the relay). */
export const SCALE_STEPS = [1000, 2000, 4000, 8000]

/** `count` results of `make`, at most `concurrency` at a time. */
async function inBatches<T>(count: number, concurrency: number, make: () => Promise<T>) {
  const out: T[] = []
  while (out.length < count) {
    out.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(concurrency, count - out.length) }, make),
      )),
    )
  }
  return out
}

export async function measureScale(steps = SCALE_STEPS, batch = 100): Promise<ScaleResult> {
  const upstream = await startUpstream()
  const relay = await startRelay(upstream)
  const held: HeldStream[] = []
  try {
    await sleep(1000)
    const coldRss = await rssOf(relay.pid)
    await warmUp(relay, upstream)
    // V8 gives memory back a few seconds into idleness: the lowest reading of 10 s is the idle size.
    let idleRss = Number.POSITIVE_INFINITY
    for (let i = 0; i < 20; i++) {
      await sleep(500)
      idleRss = Math.min(idleRss, await rssOf(relay.pid))
    }
    const result: ScaleResult = {
      relayEntry: relay.entry,
      coldRss,
      idleRss,
      steps: [],
      maxStreamsHeld: 0,
      error: null,
    }
    await upstream.repeat(SLOW_ANSWER, Math.max(...steps))
    // In batches: thousands of parallel requests would each open a connection of their own.
    const tokens = await inBatches(Math.max(...steps), 100, () => mintSession(relay.url))
    for (const target of steps) {
      const started = performance.now()
      try {
        while (held.length < target) {
          const n = Math.min(batch, target - held.length)
          const opened = await Promise.all(
            Array.from({ length: n }, (_, i) =>
              holdStream(relay.url, tokens[held.length + i] ?? ''),
            ),
          )
          held.push(...opened)
        }
      } catch (error) {
        result.error = `opening stream ${held.length + 1}: ${(error as Error).message}`
        break
      }
      const openSeconds = (performance.now() - started) / 1000
      // Every stream must stay live: new bytes arrive during the hold (a delta a second).
      const before = held.map((s) => s.bytes)
      await sleep(3000)
      const stalled = held.filter((s, i) => s.bytes === before[i]).length
      const failed = held.filter((s) => s.failure !== null).length
      const relayRss = await rssOf(relay.pid)
      result.steps.push({
        streams: held.length,
        errors: failed + stalled,
        relayRss,
        rssPerStream: (relayRss - idleRss) / held.length,
        openSeconds,
      })
      if (failed + stalled > 0) {
        result.error = `${failed} failed, ${stalled} stalled at ${held.length} streams`
        break
      }
      result.maxStreamsHeld = held.length
    }
    return result
  } finally {
    for (const s of held) s.close()
    await relay.close()
    await upstream.close()
  }
}
