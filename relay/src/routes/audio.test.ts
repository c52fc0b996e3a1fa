import type { ErrorBody } from '@parley/shared'
import { describe, expect, it } from 'vitest'
import { multipartStream, streamed } from '../../test/multipart-body.ts'
import {
  API_KEY,
  BASE_PARAMETERS,
  CONV_ID,
  type FakeHandler,
  fakeDify,
  json,
  MSG_ID,
  postJson,
  testApp,
  VISITOR,
} from '../../test/test-kit.ts'
import type { DifyParameters } from '../dify/types.ts'
import { audioRoutes } from './audio.ts'

const codeOf = async (res: Response) => ((await res.json()) as ErrorBody).error.code
const VOICE: DifyParameters = {
  ...BASE_PARAMETERS,
  speech_to_text: { enabled: true },
  text_to_speech: { enabled: true },
}
const MB = 1024 * 1024
const OTHER_MSG = '5ad4aaaa-0000-4000-8000-0000000000ff'

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    parts.flatMap((p) => (typeof p === 'string' ? [...p].map((ch) => ch.charCodeAt(0)) : p)),
  )
const WAV = bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ', [16, 0, 0, 0, 1, 0, 1, 0])
const MP3 = bytes([0xff, 0xfb, 0x90, 0x64], new Array(12).fill(0))
const ID3 = bytes('ID3', [4, 0, 0, 0, 0, 0, 0], new Array(8).fill(0))
const M4A = bytes([0, 0, 0, 0x20], 'ftypM4A ', [0, 0, 0, 0])
const AMR = bytes('#!AMR\n', new Array(10).fill(0))

function recording(
  content: Uint8Array<ArrayBuffer> | string,
  type: string | undefined,
  name = 'voice',
) {
  const form = new FormData()
  const part = typeof content === 'string' ? new TextEncoder().encode(content) : content
  form.set('file', new File([part], name, type === undefined ? {} : { type }))
  return { method: 'POST', body: form }
}

/** Dify's `GET /messages`, scoped by user: VISITOR owns MSG_ID in CONV_ID; others see a 404. */
const ownMessages: FakeHandler = (call) =>
  call.query.get('user') === VISITOR && call.query.get('conversation_id') === CONV_ID
    ? json({ limit: 100, has_more: false, data: [{ id: MSG_ID, conversation_id: CONV_ID }] })
    : json({ code: 'not_found', message: 'Conversation Not Exists.', status: 404 }, 404)

const MP3_BYTES = new Uint8Array(417 * 3).fill(7)

function setup(
  options: {
    params?: DifyParameters
    routes?: Record<string, FakeHandler>
    visitor?: string
    maxQueryChars?: number
  } = {},
) {
  const fake = fakeDify({
    'GET /parameters': () => json(options.params ?? VOICE),
    'POST /audio-to-text': () => json({ text: 'Where is my order?' }),
    'GET /messages': ownMessages,
    'POST /text-to-audio': () =>
      new Response(MP3_BYTES, { headers: { 'Content-Type': 'audio/mpeg' } }),
    ...options.routes,
  })
  const app = testApp(audioRoutes, {
    fetch: fake.fetch,
    ...(options.visitor && { visitor: options.visitor }),
    ...(options.maxQueryChars && { config: { maxQueryChars: options.maxQueryChars } }),
  })
  const called = (path: string) => fake.calls.filter((c) => c.path === path)
  return { fake, app, called }
}

describe('POST /api/audio', () => {
  it('forwards a wav recording with the visitor as user and answers its text', async () => {
    const { app, called } = setup()
    const res = await app.request('/api/audio', recording(WAV, 'audio/wav', 'voice.wav'))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ text: 'Where is my order?' })
    const [call] = called('/audio-to-text')
    expect(call?.form?.get('user')).toBe(VISITOR)
    const file = call?.form?.get('file') as File
    expect(file.type).toBe('audio/wav')
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(WAV)
  })

  it.each([
    ['audio/x-wav', WAV, 'audio/wav'],
    ['audio/wave', WAV, 'audio/wav'],
    ['audio/wav; codecs=1', WAV, 'audio/wav'],
    ['audio/mpeg', MP3, 'audio/mp3'],
    ['audio/mp3', ID3, 'audio/mp3'],
    ['audio/mpga', MP3, 'audio/mpga'],
    ['audio/mp4', M4A, 'audio/m4a'],
    ['audio/x-m4a', M4A, 'audio/m4a'],
    ['audio/m4a', M4A, 'audio/m4a'],
    ['audio/amr', AMR, 'audio/amr'],
  ])('forwards %s as Dify’s literal type', async (type, content, forwarded) => {
    const { app, called } = setup()
    const res = await app.request('/api/audio', recording(content, type))
    expect(res.status).toBe(200)
    const file = called('/audio-to-text')[0]?.form?.get('file') as File | undefined
    expect(file?.type).toBe(forwarded)
  })

  it.each([
    ['audio/webm', WAV],
    ['audio/ogg', WAV],
    ['text/plain', WAV],
    [undefined, WAV],
  ])('refuses %s with 415 before Dify is called', async (type, content) => {
    const { app, called } = setup()
    const res = await app.request('/api/audio', recording(content, type))
    expect(res.status).toBe(415)
    expect(await res.json()).toEqual({
      error: { code: 'unsupported_media_type', message: expect.stringContaining('wav') },
    })
    expect(called('/audio-to-text')).toEqual([])
  })

  it.each([
    ['a text file named .wav', 'audio/wav', 'hello, this is not audio at all'],
    ['a wav named .mp3', 'audio/mpeg', WAV],
    ['an mp3 named .m4a', 'audio/mp4', MP3],
    ['a recording too short to tell', 'audio/wav', 'RIFF'],
  ])('refuses %s by its first bytes', async (_what, type, content) => {
    const { app, called } = setup()
    const res = await app.request('/api/audio', recording(content, type, 'voice.wav'))
    expect(res.status).toBe(415)
    expect(called('/audio-to-text')).toEqual([])
  })

  it('refuses a declared length over 30 MB unread', async () => {
    const { app, called } = setup()
    const res = await app.request('/api/audio', {
      method: 'POST',
      headers: {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(31 * MB),
      },
      body: '--x--',
    })
    expect(res.status).toBe(413)
    expect(await codeOf(res)).toBe('payload_too_large')
    expect(called('/audio-to-text')).toEqual([])
  })

  it('stops a chunked 31 MB recording at 30 MB as it reads; Dify never gets it whole', async () => {
    const seen = { bytes: 0, complete: false }
    const fake = fakeDify({ 'GET /parameters': () => json(VOICE) })
    const app = testApp(audioRoutes, {
      fetch: async (request) => {
        if (!request.url.endsWith('/audio-to-text')) return fake.fetch(request)
        const reader = (request.body as ReadableStream<Uint8Array>).getReader()
        for (let r = await reader.read(); !r.done; r = await reader.read()) {
          seen.bytes += r.value.length
        }
        seen.complete = true
        return json({ text: 'never' })
      },
    })
    const body = multipartStream({
      filename: 'long.wav',
      type: 'audio/wav',
      bytes: 31 * MB,
      prefix: WAV,
    })
    const res = await app.request('/api/audio', streamed(body))
    expect(res.status).toBe(413)
    expect(await codeOf(res)).toBe('payload_too_large')
    expect(seen.complete).toBe(false)
    expect(seen.bytes).toBeLessThanOrEqual(30 * MB + 64 * 1024)
    expect(body.pulled).toBeLessThan(31 * MB)
  })

  it('refuses voice input when the app has speech-to-text off', async () => {
    const { app, called } = setup({ params: BASE_PARAMETERS })
    const res = await app.request('/api/audio', recording(WAV, 'audio/wav'))
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: { code: 'bad_request', message: 'This assistant does not take voice input.' },
    })
    expect(called('/audio-to-text')).toEqual([])
  })

  it('needs multipart with one field named file', async () => {
    const { app } = setup()
    expect((await app.request('/api/audio', postJson({ file: 'x' }))).status).toBe(400)
    const form = new FormData()
    form.set('audio', new File([WAV], 'a.wav', { type: 'audio/wav' }))
    expect((await app.request('/api/audio', { method: 'POST', body: form })).status).toBe(400)
  })

  it('redacts the key and caps the text at the longest message', async () => {
    const { app } = setup({
      maxQueryChars: 50,
      routes: { 'POST /audio-to-text': () => json({ text: `${API_KEY} ${'word '.repeat(40)}` }) },
    })
    const res = await app.request('/api/audio', recording(WAV, 'audio/wav'))
    const text = await res.text()
    expect(res.status).toBe(200)
    expect(text).not.toContain(API_KEY)
    expect([...(JSON.parse(text) as { text: string }).text].length).toBeLessThanOrEqual(50)
  })

  it('passes Dify’s own refusal on as the relay’s error, without the key', async () => {
    const { app } = setup({
      routes: {
        'POST /audio-to-text': () =>
          json({ code: 'unsupported_audio_type', message: `bad ${API_KEY}`, status: 415 }, 415),
      },
    })
    const res = await app.request('/api/audio', recording(WAV, 'audio/wav'))
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(await res.text()).not.toContain(API_KEY)
  })
})

describe('POST /api/messages/:id/audio', () => {
  const speak = (id = MSG_ID, conversationId: unknown = CONV_ID) =>
    [`/api/messages/${id}/audio`, postJson({ conversationId })] as const

  it('streams the visitor’s own answer as audio/mpeg, checked against their history first', async () => {
    const { app, called } = setup()
    const res = await app.request(...speak())
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('audio/mpeg')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(MP3_BYTES)
    const [history] = called('/messages')
    expect(history?.query.get('user')).toBe(VISITOR)
    expect(history?.query.get('conversation_id')).toBe(CONV_ID)
    expect(history?.query.get('limit')).toBe('100')
    expect(called('/text-to-audio').map((c) => c.json)).toEqual([
      { message_id: MSG_ID, user: VISITOR },
    ])
  })

  it('gives another visitor a 404 for the first visitor’s message; Dify never speaks it', async () => {
    const { app, called } = setup({ visitor: 'visitor-2' })
    const res = await app.request(...speak())
    expect(res.status).toBe(404)
    expect(await codeOf(res)).toBe('not_found')
    expect(called('/text-to-audio')).toEqual([])
  })

  it('gives a 404 for a message not in the visitor’s conversation; Dify never speaks it', async () => {
    const { app, called } = setup()
    const res = await app.request(...speak(OTHER_MSG))
    expect(res.status).toBe(404)
    expect(called('/text-to-audio')).toEqual([])
  })

  it('looks back through older pages, within a bound', async () => {
    const pages: (string | null)[] = []
    const older = '5ad4aaaa-0000-4000-8000-000000000100'
    const { app, called } = setup({
      routes: {
        'GET /messages': (call) => {
          const first = call.query.get('first_id')
          pages.push(first)
          const ids = first === null ? [older, MSG_ID] : [OTHER_MSG]
          return json({
            limit: 100,
            has_more: true,
            data: ids.map((id) => ({ id, conversation_id: CONV_ID })),
          })
        },
      },
    })
    expect((await app.request(...speak(OTHER_MSG))).status).toBe(200)
    expect(pages).toEqual([null, older])
    pages.length = 0
    const missing = '5ad4aaaa-0000-4000-8000-000000000abc'
    expect((await app.request(...speak(missing))).status).toBe(404)
    expect(pages).toHaveLength(5)
    expect(called('/text-to-audio')).toHaveLength(1)
  })

  it('answers 404 when Dify has no audio for the message (200 null)', async () => {
    const { app } = setup({ routes: { 'POST /text-to-audio': () => json(null) } })
    const res = await app.request(...speak())
    expect(res.status).toBe(404)
    expect(await codeOf(res)).toBe('not_found')
  })

  it('refuses when the app has text-to-speech off, before any Dify call but /parameters', async () => {
    const { app, fake } = setup({ params: BASE_PARAMETERS })
    const res = await app.request(...speak())
    expect(res.status).toBe(400)
    expect(await codeOf(res)).toBe('bad_request')
    expect(fake.calls.map((c) => c.path)).toEqual(['/parameters'])
  })

  it('checks the ids: a malformed message id is a 404, a missing conversation id a 400', async () => {
    const { app, fake } = setup()
    expect((await app.request(...speak('not-a-uuid'))).status).toBe(404)
    expect((await app.request(`/api/messages/${MSG_ID}/audio`, postJson({}))).status).toBe(400)
    expect((await app.request(...speak(MSG_ID, null))).status).toBe(400)
    expect((await app.request(...speak(MSG_ID, 'nope'))).status).toBe(400)
    expect(fake.calls).toEqual([])
  })

  it('cuts the audio off past its size cap instead of passing on without end', async () => {
    const { app } = setup({
      routes: {
        'POST /text-to-audio': () => {
          // Audio without end: 1 MB after 1 MB.
          const body = new ReadableStream<Uint8Array>({
            pull: (controller) => controller.enqueue(new Uint8Array(MB)),
          })
          return new Response(body, { headers: { 'Content-Type': 'audio/mpeg' } })
        },
      },
    })
    const res = await app.request(...speak())
    expect(res.status).toBe(200)
    await expect(res.arrayBuffer()).rejects.toThrow()
  })

  it('never shows the key, whatever Dify answers', async () => {
    const { app } = setup({
      routes: {
        'POST /text-to-audio': () =>
          json({ code: 'invalid_param', message: `TTS ${API_KEY}`, status: 400 }, 400),
      },
    })
    const res = await app.request(...speak())
    expect(res.status).toBe(400)
    expect(await res.text()).not.toContain(API_KEY)
  })
})
