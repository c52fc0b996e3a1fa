import { afterEach, describe, expect, it } from 'vitest'
import { TRANSCRIPT } from './context.ts'
import type { DifyEmulator, EmulatorOptions } from './emulator.ts'
import { createDifyEmulator } from './emulator.ts'
import { callDify, jsonOf, readDifyFrames } from './read-frames.ts'

let emulator: DifyEmulator
afterEach(() => emulator?.dispose())

const VOICE: EmulatorOptions = { app: { speechToText: true, textToSpeech: true } }

function upload(type: string, bytes: number | Uint8Array<ArrayBuffer> = 64) {
  const form = new FormData()
  const content = typeof bytes === 'number' ? new Uint8Array(bytes) : bytes
  form.set('file', new File([content], 'voice', { type }))
  form.set('user', 'u1')
  return emulator.fetch('http://dify.test/v1/audio-to-text', {
    method: 'POST',
    headers: { authorization: 'Bearer app-test-key' },
    body: form,
  })
}

async function answered(user = 'u1'): Promise<string> {
  const body = { query: 'hello', inputs: {}, user, response_mode: 'streaming' }
  const [first] = await readDifyFrames(await callDify(emulator, 'POST', '/chat-messages', body))
  await emulator.settled()
  return String(first?.message_id)
}

describe('POST /audio-to-text', () => {
  it('transcribes a recording whose part type Dify takes', async () => {
    emulator = createDifyEmulator(VOICE)
    for (const type of ['audio/wav', 'audio/mp3', 'audio/m4a', 'audio/amr', 'audio/mpga']) {
      const res = await upload(type)
      expect(res.status).toBe(200)
      expect(await jsonOf(res)).toEqual({ text: TRANSCRIPT })
    }
  })

  it('compares the part type literally: the browser’s names for the same kinds are a 415', async () => {
    emulator = createDifyEmulator(VOICE)
    for (const type of ['audio/mpeg', 'audio/webm', 'audio/x-wav', 'audio/mp4', 'text/plain']) {
      const res = await upload(type)
      expect(res.status).toBe(415)
      expect((await jsonOf(res)).code).toBe('unsupported_audio_type')
    }
  })

  it('refuses a recording over 30 MB with 413', async () => {
    emulator = createDifyEmulator(VOICE)
    const res = await upload('audio/wav', 30 * 1024 * 1024 + 1)
    expect(res.status).toBe(413)
    expect((await jsonOf(res)).code).toBe('audio_too_large')
  })

  it('refuses when speech-to-text is off, and takes a scripted transcript', async () => {
    emulator = createDifyEmulator()
    const off = await upload('audio/wav')
    expect(off.status).toBe(400)
    expect((await jsonOf(off)).code).toBe('invalid_param')
    emulator.dispose()
    emulator = createDifyEmulator({ ...VOICE, transcript: (file) => `${file.size} bytes` })
    expect(await jsonOf(await upload('audio/wav', 10))).toEqual({ text: '10 bytes' })
  })
})

describe('POST /text-to-audio', () => {
  it('speaks any user’s message, as Dify does: no user filter', async () => {
    emulator = createDifyEmulator(VOICE)
    const id = await answered('u1')
    const res = await callDify(emulator, 'POST', '/text-to-audio', {
      message_id: id,
      user: 'someone-else',
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('audio/mpeg')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(bytes.byteLength % 417).toBe(0)
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfb])
  })

  it('answers 200 null for an unknown or malformed message id', async () => {
    emulator = createDifyEmulator(VOICE)
    for (const message_id of ['5ad4aaaa-0000-4000-8000-000000000002', 'nope']) {
      const res = await callDify(emulator, 'POST', '/text-to-audio', { message_id, user: 'u1' })
      expect(res.status).toBe(200)
      expect(await res.text()).toBe('null')
    }
  })

  it('refuses when text-to-speech is off', async () => {
    emulator = createDifyEmulator()
    const id = await answered()
    const res = await callDify(emulator, 'POST', '/text-to-audio', { message_id: id, user: 'u1' })
    expect(res.status).toBe(400)
    expect((await jsonOf(res)).code).toBe('invalid_param')
  })
})
