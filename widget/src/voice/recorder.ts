/**
 * The microphone → a WAV for speech-to-text. MediaRecorder records in whatever container the engine
 * picks (webm or ogg with Opus in Chromium and Firefox, mp4 with AAC in WebKit), and Dify takes none
 * of them, so the recording is decoded, mixed to mono, resampled to 16 kHz and written as WAV here.
 * Without MediaRecorder, a ScriptProcessorNode takes the PCM directly: deprecated but everywhere, and
 * unlike an AudioWorklet it needs no module URL that a strict CSP could refuse.
 */
import { encodeWav, mixToMono, resample } from './wav.ts'

/** What went wrong, for the UI to word: `denied` (by the visitor or the page's permissions policy). */
export type RecordingErrorCode = 'denied' | 'no-microphone' | 'unsupported' | 'failed'

/**
 * A failed recording. The chunk is its own bundle, so the app reads `code` rather than testing
 * `instanceof` against its own copy of the class.
 */
export class RecordingError extends Error {
  code: RecordingErrorCode
  constructor(code: RecordingErrorCode) {
    super(code)
    this.code = code
  }
}

export interface RecordingOptions {
  /** The recording stops by itself after this long (default 60 s, at most 10 min). */
  maxMs?: number
  /** About ten times a second while recording: the time recorded and the input's peak level, 0–1. */
  onTick?(elapsedMs: number, level: number): void
  /** The recording stopped by itself (at `maxMs`, or the microphone went away): `stop()` has its WAV. */
  onAutoStop?(): void
}

export interface Recording {
  /** Ends the recording and frees the microphone → the WAV (16 kHz mono); the same promise again. */
  stop(): Promise<Blob>
  /** Ends the recording and frees the microphone, keeping nothing (a pending `stop()` rejects). */
  cancel(): void
}

/** Speech-to-text needs no more: 32 000 bytes of WAV a second. */
export const WAV_RATE = 16_000
/** 10 min is 19.2 MB of WAV, well under the relay's 30 MiB. */
const LONGEST_MS = 600_000

/** A getUserMedia (or other) failure → its code. */
export function classify(e: unknown): RecordingErrorCode {
  if (e instanceof RecordingError) return e.code
  const name = (e as { name?: unknown } | null)?.name
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied'
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no-microphone'
  return 'failed'
}

/** Asks for the microphone and starts recording; rejects with a `RecordingError`. */
export async function startRecording(options: RecordingOptions = {}): Promise<Recording> {
  // No mediaDevices outside secure contexts.
  const devices = navigator.mediaDevices as MediaDevices | undefined
  if (!devices?.getUserMedia || typeof AudioContext !== 'function') {
    throw new RecordingError('unsupported')
  }
  let ctx: AudioContext | undefined
  let stream: MediaStream | undefined
  try {
    // Before the first await: WebKit starts an AudioContext only within the visitor's gesture.
    ctx = new AudioContext()
    stream = await devices.getUserMedia({ audio: true })
    return record(ctx, stream, options)
  } catch (e) {
    for (const track of stream?.getTracks() ?? []) track.stop()
    ctx?.close().catch(() => {})
    throw new RecordingError(classify(e))
  }
}

function record(
  ctx: AudioContext,
  stream: MediaStream,
  { maxMs = 60_000, onTick, onAutoStop }: RecordingOptions,
): Recording {
  const max = Math.min(maxMs, LONGEST_MS)
  const started = Date.now()
  const source = ctx.createMediaStreamSource(stream)
  const analyser = ctx.createAnalyser()
  const wave = new Float32Array(analyser.fftSize)
  source.connect(analyser)
  ctx.resume().catch(() => {})

  const chunks: Blob[] = []
  const pcm: Float32Array[] = []
  let recorder: MediaRecorder | undefined
  let stopped: Promise<unknown> | undefined
  try {
    const r = new MediaRecorder(stream)
    r.ondataavailable = (e) => chunks.push(e.data)
    // Also when the recorder stops by itself (its track ended): the last data comes before it.
    stopped = new Promise((resolve) => {
      r.onstop = resolve
    })
    r.start()
    recorder = r
  } catch {
    // No MediaRecorder (or it cannot record this stream): take the PCM as it comes.
    const node = ctx.createScriptProcessor(4096, 1, 1)
    let room = (max / 1000) * ctx.sampleRate
    node.onaudioprocess = (e) => {
      const block = e.inputBuffer.getChannelData(0)
      if (room > 0) pcm.push(block.slice(0, room))
      room -= block.length
    }
    source.connect(node)
    // Chromium runs the node only when its output goes somewhere; it writes silence.
    node.connect(ctx.destination)
  }

  let result: Promise<Blob> | undefined
  let cancelled = false
  const release = () => {
    clearInterval(timer)
    for (const track of stream.getTracks()) track.stop()
  }
  const autoStop = () => {
    if (result || cancelled) return
    stop().catch(() => {})
    onAutoStop?.()
  }
  const timer = setInterval(() => {
    const elapsed = Date.now() - started
    analyser.getFloatTimeDomainData(wave)
    onTick?.(
      Math.min(elapsed, max),
      wave.reduce((peak, v) => Math.max(peak, Math.abs(v)), 0),
    )
    if (elapsed >= max) autoStop()
  }, 100)
  for (const track of stream.getTracks()) track.onended = autoStop

  const stop = (): Promise<Blob> =>
    (result ??= (async () => {
      clearInterval(timer)
      try {
        let channels: Float32Array[]
        let rate = ctx.sampleRate
        if (recorder) {
          if (recorder.state !== 'inactive') recorder.stop()
          await stopped
          release()
          const data = await new Blob(chunks, { type: recorder.mimeType }).arrayBuffer()
          // Chromium's recording of under ~0.1 s is a bare webm header that nothing decodes:
          // nothing was said, so that is an empty WAV.
          const audio = await ctx.decodeAudioData(data).catch((e: unknown) => {
            if (Date.now() - started > 500) throw e
          })
          channels = audio
            ? Array.from({ length: audio.numberOfChannels }, (_, i) => audio.getChannelData(i))
            : []
          if (audio) rate = audio.sampleRate
        } else {
          release()
          channels = [concat(pcm)]
        }
        if (cancelled) throw new RecordingError('failed')
        // The timer may run late (a background tab): the WAV keeps to the limit anyway.
        const mono = mixToMono(channels).subarray(0, Math.ceil((max / 1000) * rate))
        return new Blob([encodeWav(resample(mono, rate, WAV_RATE), WAV_RATE)], {
          type: 'audio/wav',
        })
      } catch (e) {
        throw new RecordingError(classify(e))
      } finally {
        release()
        ctx.close().catch(() => {})
      }
    })())

  return {
    stop,
    cancel() {
      cancelled = true
      if (recorder?.state === 'recording') recorder.stop()
      release()
      ctx.close().catch(() => {})
    },
  }
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
