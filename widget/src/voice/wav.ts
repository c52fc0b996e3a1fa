/**
 * PCM → WAV, the one recording format Dify's speech-to-text takes from every browser (MediaRecorder
 * gives webm/ogg or mp4, which it refuses). Speech needs no more than 16 kHz mono 16-bit PCM:
 * 32 000 bytes a second, so a minute stays under 2 MB.
 */

/** Float samples of each channel → their average. */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  const [first] = channels
  if (!first || channels.length === 1) return first ?? new Float32Array()
  const out = new Float32Array(first.length)
  for (let i = 0; i < out.length; i++) {
    let sum = 0
    for (const channel of channels) sum += channel[i] ?? 0
    out[i] = sum / channels.length
  }
  return out
}

/**
 * `samples` at `from` Hz → at `to` Hz. Going down, each output sample is the mean of the input it
 * spans (a box filter: crude, but it keeps most aliasing out of speech); going up, linear.
 */
export function resample(samples: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return samples
  const ratio = from / to
  const out = new Float32Array(Math.round(samples.length / ratio))
  for (let i = 0; i < out.length; i++) {
    const start = i * ratio
    const j = Math.floor(start)
    if (ratio > 1) {
      const end = Math.min(samples.length, Math.floor(start + ratio))
      let sum = 0
      for (let k = j; k < end; k++) sum += samples[k] ?? 0
      out[i] = sum / (end - j)
    } else {
      const a = samples[j] ?? 0
      out[i] = a + ((samples[j + 1] ?? a) - a) * (start - j)
    }
  }
  return out
}

/** Mono float samples (-1…1, clipped beyond) → a 16-bit PCM WAV file. */
export function encodeWav(samples: Float32Array, sampleRate: number): ArrayBuffer {
  const buffer = new ArrayBuffer(44 + samples.length * 2)
  const view = new DataView(buffer)
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i))
  }
  text(0, 'RIFF')
  view.setUint32(4, 36 + samples.length * 2, true)
  text(8, 'WAVEfmt ')
  view.setUint32(16, 16, true) // fmt chunk size
  view.setUint16(20, 1, true) // PCM
  view.setUint16(22, 1, true) // mono
  view.setUint32(24, sampleRate, true)
  view.setUint32(28, sampleRate * 2, true) // bytes per second
  view.setUint16(32, 2, true) // bytes per frame
  view.setUint16(34, 16, true) // bits per sample
  text(36, 'data')
  view.setUint32(40, samples.length * 2, true)
  samples.forEach((s, i) => {
    const c = Math.max(-1, Math.min(1, s))
    view.setInt16(44 + i * 2, c < 0 ? c * 0x8000 : c * 0x7fff, true)
  })
  return buffer
}
