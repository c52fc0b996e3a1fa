/**
 * Voice in and out over loopback: the relay on a real port, Dify's emulator behind it with
 * speech-to-text and text-to-speech on (and a second one with both off).
 */
import type { DifyUpstream, Json } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import type { ErrorBody, StartEvent } from '@parley/shared'
import { ROUTES } from '@parley/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoopbackRelay } from './loopback-relay.ts'
import { readStream, startLoopbackRelay } from './loopback-relay.ts'
import { multipartStream } from './multipart-body.ts'

const codeOf = async (res: Response) => ((await res.json()) as ErrorBody).error.code
const KEY = 'app-NotARealKey-voice-000000000001'
const OFF_KEY = 'app-NotARealKey-voice-000000000002'
const MB = 1024 * 1024

let voice: DifyUpstream
let plain: DifyUpstream
let relay: LoopbackRelay
let off: LoopbackRelay
/** Every response body the browser got, to look for the keys in. */
const seen: string[] = []

beforeAll(async () => {
  voice = await startDifyUpstream({
    apiKey: KEY,
    app: { speechToText: true, textToSpeech: true },
  })
  plain = await startDifyUpstream({ apiKey: OFF_KEY })
  relay = await startLoopbackRelay(voice)
  off = await startLoopbackRelay(plain)
})
afterAll(async () => {
  for (const text of seen) {
    expect(text).not.toContain(KEY)
    expect(text).not.toContain(OFF_KEY)
  }
  await relay.close()
  await off.close()
  await voice.close()
  await plain.close()
})

/** A real (if silent) 16-bit mono 16 kHz WAV. */
function wav(samples = 1600): Uint8Array<ArrayBuffer> {
  const data = samples * 2
  const buf = new DataView(new ArrayBuffer(44 + data))
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) buf.setUint8(at + i, s.charCodeAt(i))
  }
  text(0, 'RIFF')
  buf.setUint32(4, 36 + data, true)
  text(8, 'WAVEfmt ')
  buf.setUint32(16, 16, true)
  buf.setUint16(20, 1, true)
  buf.setUint16(22, 1, true)
  buf.setUint32(24, 16000, true)
  buf.setUint32(28, 32000, true)
  buf.setUint16(32, 2, true)
  buf.setUint16(34, 16, true)
  text(36, 'data')
  buf.setUint32(40, data, true)
  return new Uint8Array(buf.buffer)
}

async function keep(res: Response): Promise<Response> {
  const bytes = new Uint8Array(await res.clone().arrayBuffer())
  seen.push(new TextDecoder('latin1').decode(bytes))
  return res
}

async function sendAudio(
  on: LoopbackRelay,
  token: string,
  content: Uint8Array<ArrayBuffer> | string,
  type: string,
) {
  const form = new FormData()
  form.set('file', new File([content], 'voice', { type }))
  return keep(
    await fetch(`${on.url}${ROUTES.audio}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    }),
  )
}

const audioCalls = (upstream: DifyUpstream, path: string) =>
  upstream.requests.filter((r) => r.path === `/v1${path}`)

async function answer(on: LoopbackRelay, token: string) {
  const { events } = await readStream(await on.chat(token, { query: 'Read this aloud' }))
  const start = events.find((e): e is StartEvent => e.type === 'start')
  if (!start) throw new Error('no start event')
  return start
}

const speak = async (on: LoopbackRelay, token: string, id: string, conversationId: string) =>
  keep(await on.api(token, 'POST', ROUTES.messageAudio(id), { conversationId }))

describe('voice input over loopback', () => {
  it('transcribes a wav recording, sent to Dify as audio/wav for the visitor', async () => {
    const token = await relay.session()
    const res = await sendAudio(relay, token, wav(), 'audio/x-wav')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ text: 'Where is my order?' })
    const [call] = audioCalls(voice, '/audio-to-text').slice(-1)
    const body = call?.body as Json
    expect(body.file).toEqual({ name: 'voice', type: 'audio/wav', size: wav().byteLength })
    expect(typeof body.user).toBe('string')
  })

  it('refuses webm and a renamed text file with 415 before Dify hears of them', async () => {
    const token = await relay.session()
    const before = audioCalls(voice, '/audio-to-text').length
    const webm = await sendAudio(relay, token, wav(), 'audio/webm')
    expect(webm.status).toBe(415)
    expect(await codeOf(webm)).toBe('unsupported_media_type')
    const renamed = await sendAudio(relay, token, 'just some text, not audio', 'audio/wav')
    expect(renamed.status).toBe(415)
    expect(audioCalls(voice, '/audio-to-text')).toHaveLength(before)
  })

  it('refuses a 31 MB recording with 413; Dify never receives it whole', async () => {
    // A relay of its own: the connection the refused body came on is closed, not reused.
    const own = await startLoopbackRelay(voice)
    const token = await own.session()
    const body = multipartStream({
      filename: 'long.wav',
      type: 'audio/wav',
      bytes: 31 * MB,
      prefix: wav(8),
    })
    const res = await keep(
      await fetch(`${own.url}${ROUTES.audio}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': body.contentType },
        body: body.body,
        duplex: 'half',
      } as RequestInit),
    )
    expect(res.status).toBe(413)
    expect(await codeOf(res)).toBe('payload_too_large')
    await own.close()
    for (const call of audioCalls(voice, '/audio-to-text')) {
      expect(((call.body as Json).file?.size ?? 0) <= 30 * MB).toBe(true)
    }
  })

  it('refuses voice input when the app has speech-to-text off', async () => {
    const token = await off.session()
    const res = await sendAudio(off, token, wav(), 'audio/wav')
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: { code: 'bad_request', message: 'This assistant does not take voice input.' },
    })
    expect(audioCalls(plain, '/audio-to-text')).toEqual([])
  })
})

describe('voice output over loopback', () => {
  it('streams the visitor’s own answer as audio/mpeg', async () => {
    const token = await relay.session()
    const start = await answer(relay, token)
    await voice.settled()
    const res = await speak(relay, token, start.messageId, start.conversationId)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('audio/mpeg')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(bytes.byteLength).toBeGreaterThan(0)
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfb])
  })

  it('gives another visitor 404 for that message; Dify’s /text-to-audio is never called', async () => {
    const owner = await relay.session()
    const start = await answer(relay, owner)
    await voice.settled()
    const before = audioCalls(voice, '/text-to-audio').length
    const stranger = await relay.session()
    const res = await speak(relay, stranger, start.messageId, start.conversationId)
    expect(res.status).toBe(404)
    expect(await codeOf(res)).toBe('not_found')
    // Its own (empty) conversation id does not help either.
    const own = await answer(relay, stranger)
    const again = await speak(relay, stranger, start.messageId, own.conversationId)
    expect(again.status).toBe(404)
    expect(audioCalls(voice, '/text-to-audio')).toHaveLength(before)
  })

  it('gives 404 for an unknown message', async () => {
    const token = await relay.session()
    const start = await answer(relay, token)
    const unknown = '5ad4aaaa-0000-4000-8000-00000000dead'
    const res = await speak(relay, token, unknown, start.conversationId)
    expect(res.status).toBe(404)
    expect(await codeOf(res)).toBe('not_found')
  })

  it('refuses when the app has text-to-speech off', async () => {
    const token = await off.session()
    const start = await answer(off, token)
    const res = await speak(off, token, start.messageId, start.conversationId)
    expect(res.status).toBe(400)
    expect(await codeOf(res)).toBe('bad_request')
    expect(audioCalls(plain, '/text-to-audio')).toEqual([])
  })
})
