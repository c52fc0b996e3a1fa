import { request } from 'node:http'
import { Readable } from 'node:stream'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { DifyUpstream } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import { readEventStream, type WidgetEvent } from '@parley/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoopbackRelay } from './loopback-relay.ts'
import { startLoopbackRelay, textOf } from './loopback-relay.ts'

// --expose-gc for this file only: the flag makes `gc` appear in contexts created after it is set.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const STREAMS = 300
const WORDS = 25
const answerFor = (query: string) =>
  `${query}: ${Array.from({ length: WORDS }, (_, i) => `w${i}`).join(' ')} ü🎉`

let upstream: DifyUpstream
let relay: LoopbackRelay
let tokens: string[]
beforeAll(async () => {
  upstream = await startDifyUpstream({ answer: answerFor, scenario: { frameDelayMs: 8 } })
  relay = await startLoopbackRelay(upstream)
  tokens = await Promise.all(Array.from({ length: 30 }, () => relay.session()))
})
afterAll(async () => {
  await relay.close()
  await upstream.close()
})

interface Outcome {
  query: string
  events: WidgetEvent[]
  left: boolean
}

/**
 * One visitor on their own connection (no keep-alive, so closed connections show in the server's
 * count). `leave`: close the connection as soon as the first words arrive.
 */
function visit(token: string, query: string, leave: boolean): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const events: WidgetEvent[] = []
    const req = request(
      `${relay.url}/api/chat`,
      {
        method: 'POST',
        agent: false,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`))
        const body = Readable.toWeb(res) as ReadableStream<Uint8Array>
        readEventStream(body, (event) => {
          events.push(event)
          if (leave && event.type === 'delta') req.destroy()
        })
          .catch(() => undefined)
          .finally(() => resolve({ query, events, left: leave }))
      },
    )
    req.on('error', () => (leave ? resolve({ query, events, left: true }) : reject()))
    req.end(JSON.stringify({ query }))
  })
}

async function round(n: number, prefix: string): Promise<Outcome[]> {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      visit(tokens[i % tokens.length] ?? '', `${prefix}${i}`, i % 3 === 0),
    ),
  )
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 10_000) {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

const connections = () =>
  new Promise<number>((resolve, reject) =>
    relay.server.getConnections((err, n) => (err ? reject(err) : resolve(n))),
  )

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc()
  return process.memoryUsage().heapUsed
}

describe('soak: many concurrent streams through the loopback relay', () => {
  it(`streams ${STREAMS} answers at once, a third of the visitors leaving mid-stream`, async () => {
    await round(30, 'warmup-')
    await upstream.settled()
    await until('warm-up connections to close', async () => (await connections()) === 0)
    const baseline = heapAfterGc()
    const rssBefore = process.memoryUsage().rss

    const outcomes = await round(STREAMS, 'q')
    const stayed = outcomes.filter((o) => !o.left)
    expect(stayed).toHaveLength(STREAMS - Math.ceil(STREAMS / 3))
    for (const o of stayed) {
      expect(textOf(o.events), o.query).toBe(answerFor(o.query))
      expect(o.events.at(-1)?.type).toBe('end')
    }
    for (const o of outcomes.filter((o) => o.left)) expect(o.events.at(-1)?.type).not.toBe('end')

    // Nothing stays open: every visitor connection is closed, Dify's answers all ran to the end
    // (the relay drains for visitors who left) and none was cut by the relay.
    await until('visitor connections to close', async () => (await connections()) === 0)
    await upstream.settled()
    expect(upstream.disconnects).toBe(0)
    for (const o of outcomes) {
      const start = o.events.find((e) => e.type === 'start')
      if (start?.type !== 'start') throw new Error(`no start for ${o.query}`)
      expect(upstream.messages(start.conversationId)[0]?.answer).toBe(answerFor(o.query))
    }

    // Memory returns near its baseline: what the streams used is garbage now.
    const grown = heapAfterGc() - baseline
    expect(grown).toBeLessThan(24 * 1024 * 1024)
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024)
  }, 30_000)
})
