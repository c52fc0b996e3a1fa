import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { classify, type RecordingOptions, startRecording, WAV_RATE } from './recorder.ts'

/** A microphone track: `stop()` is what frees the microphone. */
class FakeTrack {
  readyState: 'live' | 'ended' = 'live'
  onended: (() => void) | null = null
  stop() {
    this.readyState = 'ended'
  }
}

class FakeStream {
  tracks = [new FakeTrack()]
  getTracks() {
    return this.tracks
  }
}

class FakeRecorder {
  static last: FakeRecorder | undefined
  state: 'inactive' | 'recording' = 'inactive'
  mimeType = 'audio/webm;codecs=opus'
  ondataavailable: ((e: { data: Blob }) => void) | null = null
  onstop: (() => void) | null = null
  constructor(readonly stream: FakeStream) {
    FakeRecorder.last = this
  }
  start() {
    this.state = 'recording'
  }
  /** Like a browser: the data and the stop event come later. */
  stop() {
    this.state = 'inactive'
    void Promise.resolve().then(() => {
      this.ondataavailable?.({ data: new Blob(['opus bytes']) })
      this.onstop?.()
    })
  }
}

interface FakeProcessor {
  onaudioprocess: ((e: { inputBuffer: { getChannelData(i: number): Float32Array } }) => void) | null
  connect(): void
}

/** Decoded audio the fake context hands back: stereo at 48 kHz. */
let decoded: { channels: Float32Array[]; sampleRate: number } | Error
let contexts: FakeAudioContext[]

class FakeAudioContext {
  sampleRate = 48_000
  closed = false
  decodedBytes: string | undefined
  processor: FakeProcessor | undefined
  constructor() {
    contexts.push(this)
  }
  createMediaStreamSource() {
    return { connect() {} }
  }
  createAnalyser() {
    return {
      fftSize: 8,
      getFloatTimeDomainData(wave: Float32Array) {
        wave.set([0.1, -0.5, 0.25])
      },
    }
  }
  createScriptProcessor() {
    this.processor = { onaudioprocess: null, connect() {} }
    return this.processor
  }
  get destination() {
    return {}
  }
  resume() {
    return Promise.resolve()
  }
  close() {
    this.closed = true
    return Promise.resolve()
  }
  async decodeAudioData(data: ArrayBuffer) {
    this.decodedBytes = new TextDecoder().decode(data)
    if (decoded instanceof Error) throw decoded
    const { channels, sampleRate } = decoded
    return {
      numberOfChannels: channels.length,
      sampleRate,
      getChannelData: (i: number) => channels[i],
    }
  }
}

let stream: FakeStream
const getUserMedia = vi.fn(async (_: MediaStreamConstraints): Promise<unknown> => stream)

beforeEach(() => {
  stream = new FakeStream()
  contexts = []
  FakeRecorder.last = undefined
  decoded = {
    channels: [new Float32Array(24_000).fill(1), new Float32Array(24_000).fill(0)],
    sampleRate: 48_000,
  }
  getUserMedia.mockClear()
  vi.stubGlobal('navigator', { mediaDevices: { getUserMedia } })
  vi.stubGlobal('AudioContext', FakeAudioContext)
  vi.stubGlobal('MediaRecorder', FakeRecorder)
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

const ctx = () => contexts[0] as FakeAudioContext
const track = () => stream.tracks[0] as FakeTrack
const samples = async (wav: Blob) => new Int16Array((await wav.arrayBuffer()).slice(44))
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code: string }) => e.code,
  )

describe('startRecording', () => {
  it('asks for the microphone alone', async () => {
    await startRecording()
    expect(getUserMedia).toHaveBeenCalledWith({ audio: true })
    expect(FakeRecorder.last?.state).toBe('recording')
  })

  it('makes a 16 kHz mono WAV from the decoded recording', async () => {
    const recording = await startRecording()
    const wav = await recording.stop()
    expect(wav.type).toBe('audio/wav')
    expect(ctx().decodedBytes).toBe('opus bytes')
    const pcm = await samples(wav)
    // 0.5 s of stereo 1 and 0 → 0.5 s of 0.5.
    expect(pcm.length).toBe(WAV_RATE / 2)
    expect(pcm.every((s) => s === 16383)).toBe(true)
    expect(new DataView(await wav.arrayBuffer()).getUint32(24, true)).toBe(WAV_RATE)
  })

  it('frees the microphone and closes the audio context on stop', async () => {
    const recording = await startRecording()
    expect(track().readyState).toBe('live')
    await recording.stop()
    expect(track().readyState).toBe('ended')
    expect(ctx().closed).toBe(true)
  })

  it('answers a second stop with the same WAV', async () => {
    const recording = await startRecording()
    const first = recording.stop()
    expect(recording.stop()).toBe(first)
  })

  it('frees the microphone on cancel, keeping nothing', async () => {
    const recording = await startRecording()
    recording.cancel()
    expect(track().readyState).toBe('ended')
    expect(ctx().closed).toBe(true)
    expect(FakeRecorder.last?.state).toBe('inactive')
    expect(await code(recording.stop())).toBe('failed')
  })

  it('fails a recording it cannot decode, and frees the microphone', async () => {
    vi.useFakeTimers()
    decoded = new DOMException('bad data', 'EncodingError')
    const recording = await startRecording()
    vi.advanceTimersByTime(1000)
    expect(await code(recording.stop())).toBe('failed')
    expect(track().readyState).toBe('ended')
    expect(ctx().closed).toBe(true)
  })

  it('gives a press too short to decode as an empty WAV', async () => {
    decoded = new DOMException('bare header', 'EncodingError')
    const recording = await startRecording()
    const wav = await recording.stop()
    expect(wav.size).toBe(44)
    expect(track().readyState).toBe('ended')
  })

  it.each([
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'no-microphone'],
    ['OverconstrainedError', 'no-microphone'],
    ['NotReadableError', 'failed'],
    ['AbortError', 'failed'],
  ])('gives a getUserMedia %s as %s and closes the audio context', async (name, expected) => {
    getUserMedia.mockRejectedValueOnce(new DOMException('no', name))
    expect(await code(startRecording())).toBe(expected)
    expect(ctx().closed).toBe(true)
  })

  it('frees the microphone when recording cannot start', async () => {
    vi.stubGlobal(
      'AudioContext',
      class extends FakeAudioContext {
        override createMediaStreamSource(): never {
          throw new DOMException('gone', 'InvalidStateError')
        }
      },
    )
    expect(await code(startRecording())).toBe('failed')
    expect(track().readyState).toBe('ended')
    expect(ctx().closed).toBe(true)
  })

  it('is unsupported without mediaDevices (an insecure page) or Web Audio', async () => {
    vi.stubGlobal('navigator', {})
    expect(await code(startRecording())).toBe('unsupported')
    vi.stubGlobal('navigator', { mediaDevices: { getUserMedia } })
    vi.stubGlobal('AudioContext', undefined)
    expect(await code(startRecording())).toBe('unsupported')
    expect(getUserMedia).not.toHaveBeenCalled()
  })

  it('stops by itself at the longest length, and the WAV keeps to it', async () => {
    vi.useFakeTimers()
    decoded = { channels: [new Float32Array(44_100 * 3).fill(0.5)], sampleRate: 44_100 }
    const options: RecordingOptions = { maxMs: 1000, onTick: vi.fn(), onAutoStop: vi.fn() }
    const recording = await startRecording(options)
    vi.advanceTimersByTime(900)
    expect(options.onAutoStop).not.toHaveBeenCalled()
    expect(options.onTick).toHaveBeenLastCalledWith(900, 0.5)
    vi.advanceTimersByTime(500)
    expect(options.onAutoStop).toHaveBeenCalledOnce()
    expect(options.onTick).toHaveBeenCalledTimes(10)
    expect(FakeRecorder.last?.state).toBe('inactive')
    expect((await samples(await recording.stop())).length).toBe(WAV_RATE)
    expect(track().readyState).toBe('ended')
  })

  it('stops by itself when the microphone goes away', async () => {
    const onAutoStop = vi.fn()
    const recording = await startRecording({ onAutoStop })
    track().onended?.()
    expect(onAutoStop).toHaveBeenCalledOnce()
    expect(FakeRecorder.last?.state).toBe('inactive')
    expect((await recording.stop()).type).toBe('audio/wav')
  })

  it.each([
    ['missing', undefined],
    [
      'refusing the stream',
      class {
        constructor() {
          throw new DOMException('no encoder', 'NotSupportedError')
        }
      },
    ],
  ])('takes the PCM itself with MediaRecorder %s', async (_, recorder) => {
    vi.stubGlobal('MediaRecorder', recorder)
    const recording = await startRecording()
    const block = new Float32Array(4800).fill(-0.25)
    const onaudioprocess = ctx().processor?.onaudioprocess
    for (let i = 0; i < 3; i++) onaudioprocess?.({ inputBuffer: { getChannelData: () => block } })
    const pcm = await samples(await recording.stop())
    expect(pcm.length).toBe(4800)
    expect(pcm.every((s) => s === -8192)).toBe(true)
    expect(track().readyState).toBe('ended')
    expect(ctx().closed).toBe(true)
  })

  it('takes no more PCM than the longest length', async () => {
    vi.stubGlobal('MediaRecorder', undefined)
    const recording = await startRecording({ maxMs: 100 })
    const block = new Float32Array(4096)
    const onaudioprocess = ctx().processor?.onaudioprocess
    for (let i = 0; i < 3; i++) onaudioprocess?.({ inputBuffer: { getChannelData: () => block } })
    expect((await samples(await recording.stop())).length).toBe(WAV_RATE / 10)
  })
})

describe('classify', () => {
  it('gives anything unknown as failed', () => {
    expect(classify(new Error('x'))).toBe('failed')
    expect(classify(null)).toBe('failed')
  })
})
