import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { error, type FakeRelay, fakeRelay, json } from '../../test/fake-relay.ts'
import { type TestWidget, testWidget } from '../../test/widget.tsx'
import {
  type Recording,
  RecordingError,
  type RecordingOptions,
  startRecording,
} from './recorder.ts'
import { VoiceInput } from './VoiceInput.tsx'

vi.mock('./recorder.ts', async (original) => ({
  ...(await original<typeof import('./recorder.ts')>()),
  startRecording: vi.fn(),
}))

let relay: FakeRelay
let widget: TestWidget
let options: RecordingOptions
const heard: string[] = []

/** The next recording: `bytes` of WAV when stopped. */
function recording(bytes = 3200): Recording {
  const rec = {
    stop: vi.fn(async () => new Blob([new Uint8Array(bytes)], { type: 'audio/wav' })),
    cancel: vi.fn(),
  }
  vi.mocked(startRecording).mockImplementationOnce(async (o = {}) => {
    options = o
    return rec
  })
  return rec
}

const mic = () => screen.getByRole('button', { name: 'Speak your message' })
const status = () => screen.getByRole('status').textContent

beforeEach(() => {
  heard.length = 0
  relay = fakeRelay()
  widget = testWidget({ fetch: relay.fetch })
  render(<VoiceInput widget={widget} onText={(text) => heard.push(text)} />)
})

afterEach(() => {
  cleanup()
  widget.destroy()
  vi.mocked(startRecording).mockReset()
})

describe('voice input', () => {
  it('records on a press and puts the words heard in the composer on the next', async () => {
    relay.on('POST /api/audio', () => json({ text: ' Where is my order? ' }))
    const rec = recording()
    fireEvent.click(mic())
    await waitFor(() => expect(mic().getAttribute('aria-pressed')).toBe('true'))
    expect(status()).toBe('Recording… Press the microphone again to stop.')
    fireEvent.click(mic())
    expect(mic().getAttribute('aria-pressed')).toBe('false')
    await waitFor(() => expect(heard).toEqual(['Where is my order?']))
    expect(status()).toBe('')
    expect(rec.stop).toHaveBeenCalledOnce()
    expect(relay.calls.filter((c) => c.path === '/api/audio')).toHaveLength(1)
  })

  it('stops by itself at the time limit, once', async () => {
    relay.on('POST /api/audio', () => json({ text: 'hi' }))
    const rec = recording()
    fireEvent.click(mic())
    await waitFor(() => expect(mic().getAttribute('aria-pressed')).toBe('true'))
    options.onAutoStop?.()
    options.onAutoStop?.()
    await waitFor(() => expect(heard).toEqual(['hi']))
    expect(rec.stop).toHaveBeenCalledOnce()
  })

  it('says why when the microphone is refused, and records nothing', async () => {
    vi.mocked(startRecording).mockRejectedValueOnce(new RecordingError('denied'))
    fireEvent.click(mic())
    await waitFor(() =>
      expect(status()).toBe(
        'Microphone access was denied. Allow it in your browser to speak your message.',
      ),
    )
    expect(mic().getAttribute('aria-pressed')).toBe('false')
  })

  it('sends nothing when nothing was recorded, and says so', async () => {
    recording(44)
    fireEvent.click(mic())
    await waitFor(() => expect(mic().getAttribute('aria-pressed')).toBe('true'))
    fireEvent.click(mic())
    await waitFor(() => expect(status()).toBe('Nothing was heard. Please try again.'))
    expect(relay.calls.some((c) => c.path === '/api/audio')).toBe(false)
    expect(heard).toEqual([])
  })

  it('shows the relay’s refusal', async () => {
    relay.on('POST /api/audio', () =>
      error('unsupported_media_type', 415, 'Record as WAV, MP3, M4A or AMR.'),
    )
    recording()
    fireEvent.click(mic())
    await waitFor(() => expect(mic().getAttribute('aria-pressed')).toBe('true'))
    fireEvent.click(mic())
    await waitFor(() => expect(status()).toBe('Record as WAV, MP3, M4A or AMR.'))
  })

  it('lets the microphone go when it goes away mid-recording', async () => {
    const rec = recording()
    fireEvent.click(mic())
    await waitFor(() => expect(mic().getAttribute('aria-pressed')).toBe('true'))
    cleanup()
    expect(rec.cancel).toHaveBeenCalledOnce()
  })
})
