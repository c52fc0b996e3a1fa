import { ROUTES } from '@parley/shared'
import { describe, expect, it, vi } from 'vitest'
import { RelayError } from '../api/relay-client.ts'
import { transcribe } from './transcribe.ts'

const wav = new Blob([new Uint8Array(44)], { type: 'audio/wav' })

describe('transcribe', () => {
  it('posts the recording as the field file, recording.wav', async () => {
    const request = vi.fn(
      async (_path: string, _init?: RequestInit): Promise<unknown> => ({
        text: 'Where is my order?',
      }),
    )
    // happy-dom's FormData drops a Blob's file name (browsers keep it): see what was appended.
    const append = vi.spyOn(FormData.prototype, 'append')
    const signal = new AbortController().signal
    expect(await transcribe(request, wav, signal)).toBe('Where is my order?')
    const [path, init] = request.mock.calls[0] ?? []
    expect(path).toBe(ROUTES.audio)
    expect(init?.method).toBe('POST')
    expect(init?.signal).toBe(signal)
    const body = init?.body as FormData
    expect(body).toBeInstanceOf(FormData)
    expect([...body.keys()]).toEqual(['file'])
    expect(append).toHaveBeenCalledWith('file', wav, 'recording.wav')
    expect((body.get('file') as File).type).toBe('audio/wav')
    append.mockRestore()
  })

  it('gives nothing heard as an empty text', async () => {
    expect(await transcribe(async () => ({ text: '' }), wav)).toBe('')
  })

  it.each([null, {}, { text: 3 }])('refuses the answer %j', async (answer) => {
    await expect(transcribe(async () => answer, wav)).rejects.toThrow('no transcript')
  })

  it('passes the relay error on', async () => {
    const error = new RelayError('unsupported_media_type')
    await expect(
      transcribe(async () => {
        throw error
      }, wav),
    ).rejects.toBe(error)
  })
})
