/**
 * Uploads through the Node entry over real sockets: 30 concurrent uploads of the largest file the
 * app takes stream through to Dify, so the relay's memory stays flat and every byte arrives.
 */

import { type DifyUpstream, startDifyUpstream } from '@parley/emulator/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { multipartStream } from './multipart-body.ts'
import { type RelayProcess, rssMb, startRelayProcess, until } from './node-process.ts'

const MB = 1024 * 1024
// The emulated app's document limit (its `file_size_limit`, 15 MB).
const FILE_BYTES = 15 * MB
const SESSIONS = 15
const UPLOADS_PER_SESSION = 2

/** Samples the relay's RSS every 20 ms until `during` settles; resolves with the peak. */
async function peakRssWhile(relay: RelayProcess, during: Promise<unknown>): Promise<number> {
  let peak = rssMb(relay)
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(relay))
  }, 20)
  try {
    await during
  } finally {
    clearInterval(timer)
  }
  return Math.max(peak, rssMb(relay))
}

let upstream: DifyUpstream
let relay: RelayProcess
let url: string
beforeAll(async () => {
  upstream = await startDifyUpstream({ app: { fileUpload: true } })
  relay = startRelayProcess({
    DIFY_API_URL: upstream.url,
    DIFY_API_KEY: upstream.apiKey,
    SESSION_SECRET: 'uploads-test-secret-0123456789abcdef',
    ALLOWED_ORIGINS: '*',
    RATE_LIMIT_SESSION: '1000/min',
    RATE_LIMIT_IP: '1000/min',
    LOG_LEVEL: 'info',
  })
  url = await relay.listening
}, 30_000)
afterAll(async () => {
  relay.child.kill('SIGKILL')
  await upstream.close()
})

async function session(): Promise<string> {
  const res = await fetch(`${url}/api/session`, { method: 'POST' })
  return ((await res.json()) as { token: string }).token
}

async function upload(
  token: string,
  name: string,
  bytes: number,
  options: { hangAfter?: number; signal?: AbortSignal } = {},
) {
  const { hangAfter, signal } = options
  const { body, contentType } = multipartStream({
    filename: name,
    type: 'application/pdf',
    bytes,
    ...(hangAfter !== undefined && { hangAfter }),
  })
  const res = await fetch(`${url}/api/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body,
    duplex: 'half',
    ...(signal && { signal }),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const uploadsReceived = () => upstream.received.filter((r) => r === 'POST /v1/files/upload').length

describe('uploads through the Node entry', () => {
  it('streams 30 concurrent maximum-size uploads to Dify, the relay’s memory flat', async () => {
    const tokens = await Promise.all(Array.from({ length: SESSIONS }, session))
    // Warm up every path once, so the baseline holds the code and not just the idle heap.
    expect((await upload(tokens[0] ?? '', 'warm-up.pdf', MB)).status).toBe(201)
    const baseline = rssMb(relay)

    const uploads = Promise.all(
      tokens.flatMap((token, s) =>
        Array.from({ length: UPLOADS_PER_SESSION }, (_, i) =>
          upload(token, `report-${s}-${i}.pdf`, FILE_BYTES),
        ),
      ),
    )
    const peak = await peakRssWhile(relay, uploads)
    const results = await uploads

    expect(results.map((r) => r.status)).toEqual(results.map(() => 201))
    expect(results.map((r) => r.body.size)).toEqual(results.map(() => FILE_BYTES))
    const arrived = [...upstream.emulator.state.files.values()].filter((f) =>
      f.name.startsWith('report-'),
    )
    expect(arrived.map((f) => f.size)).toEqual(arrived.map(() => FILE_BYTES))
    expect(arrived).toHaveLength(SESSIONS * UPLOADS_PER_SESSION)
    // Buffering would hold 30 × 15 MB = 450 MB at once; streaming holds a few chunks per upload.
    console.info(`relay RSS: baseline ${baseline.toFixed(0)} MB, peak ${peak.toFixed(0)} MB`)
    expect(peak - baseline).toBeLessThan(120)
  }, 60_000)

  it('answers 413 to an upload past the limit while it streams; Dify gets no finished upload', async () => {
    const token = await session()
    const before = upstream.emulator.state.files.size
    const res = await upload(token, 'too-big.pdf', 40 * MB)
    expect(res.status).toBe(413)
    expect(res.body).toEqual({
      error: { code: 'payload_too_large', message: 'The file is larger than 15 MB.' },
    })
    expect(upstream.emulator.state.files.size).toBe(before)
  }, 30_000)

  it('frees the slots of uploads whose visitor went away mid-file', async () => {
    const token = await session()
    const before = upstream.emulator.state.files.size
    const received = uploadsReceived()
    const gone = new AbortController()
    const stalled = ['left-1.pdf', 'left-2.pdf'].map((name) =>
      upload(token, name, 4 * MB, { hangAfter: MB, signal: gone.signal }).catch(() => null),
    )
    // Both are on their way to Dify, so both slots are taken.
    expect(await until(async () => uploadsReceived() >= received + 2)).toBe(true)
    expect((await upload(token, 'third.pdf', 10)).status).toBe(429)
    gone.abort()
    await Promise.all(stalled)
    const both = async () => {
      const results = await Promise.all([1, 2].map((i) => upload(token, `again-${i}.pdf`, 10)))
      return results.every((r) => r.status === 201)
    }
    expect(await until(both)).toBe(true)
    const names = [...upstream.emulator.state.files.values()].slice(before).map((f) => f.name)
    expect(names.filter((n) => n.startsWith('left-'))).toEqual([])
  }, 30_000)
})
