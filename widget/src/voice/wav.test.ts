import { describe, expect, it } from 'vitest'
import { encodeWav, mixToMono, resample } from './wav.ts'

const int16s = (wav: ArrayBuffer) => Array.from(new Int16Array(wav.slice(44)))

describe('encodeWav', () => {
  it('writes a 44-byte RIFF header for 16-bit mono PCM', () => {
    const wav = encodeWav(new Float32Array(3), 16_000)
    expect(wav.byteLength).toBe(50)
    // biome-ignore format: one header field a line
    expect(Array.from(new Uint8Array(wav, 0, 44))).toEqual([
      ...'RIFF'.split('').map((c) => c.charCodeAt(0)), 42, 0, 0, 0,
      ...'WAVE'.split('').map((c) => c.charCodeAt(0)),
      ...'fmt '.split('').map((c) => c.charCodeAt(0)), 16, 0, 0, 0,
      1, 0, // PCM
      1, 0, // one channel
      0x80, 0x3e, 0, 0, // 16 000 Hz
      0x00, 0x7d, 0, 0, // 32 000 bytes a second
      2, 0, // bytes a frame
      16, 0, // bits a sample
      ...'data'.split('').map((c) => c.charCodeAt(0)), 6, 0, 0, 0,
    ])
  })

  it('scales samples to 16 bits, little-endian', () => {
    const wav = encodeWav(Float32Array.of(0, 1, -1, 0.5, -0.5), 8000)
    expect(int16s(wav)).toEqual([0, 32767, -32768, 16383, -16384])
    expect(Array.from(new Uint8Array(wav, 46, 2))).toEqual([0xff, 0x7f])
  })

  it('clips samples beyond -1…1 and writes NaN as silence', () => {
    expect(int16s(encodeWav(Float32Array.of(2, -3, Number.NaN), 8000))).toEqual([32767, -32768, 0])
  })

  it('writes an empty recording as a header alone', () => {
    const wav = encodeWav(new Float32Array(), 16_000)
    expect(wav.byteLength).toBe(44)
    expect(new DataView(wav).getUint32(40, true)).toBe(0)
  })
})

describe('resample', () => {
  it('keeps the samples when the rates match', () => {
    const samples = Float32Array.of(1, 2)
    expect(resample(samples, 16_000, 16_000)).toBe(samples)
  })

  it('averages what each output sample spans when going down', () => {
    const out = resample(Float32Array.of(0, 3, 6, 1, 1, 1, 2), 48_000, 16_000)
    expect(Array.from(out)).toEqual([3, 1])
  })

  it('keeps the duration at common rates', () => {
    expect(resample(new Float32Array(48_000), 48_000, 16_000).length).toBe(16_000)
    expect(resample(new Float32Array(44_100), 44_100, 16_000).length).toBe(16_000)
    expect(resample(new Float32Array(22_050), 44_100, 16_000).length).toBe(8000)
    expect(resample(new Float32Array(8000), 8000, 16_000).length).toBe(16_000)
  })

  it('interpolates linearly when going up', () => {
    expect(Array.from(resample(Float32Array.of(0, 1, 0), 8000, 16_000))).toEqual([
      0, 0.5, 1, 0.5, 0, 0,
    ])
  })

  it('keeps a constant signal constant', () => {
    const out = resample(new Float32Array(44_100).fill(0.25), 44_100, 16_000)
    expect(out.every((v) => Math.abs(v - 0.25) < 1e-6)).toBe(true)
  })
})

describe('mixToMono', () => {
  it('averages the channels', () => {
    expect(
      Array.from(mixToMono([Float32Array.of(1, 0, 0.5), Float32Array.of(0, -1, 0.5)])),
    ).toEqual([0.5, -0.5, 0.5])
  })

  it('returns a single channel as it is', () => {
    const channel = Float32Array.of(0.1)
    expect(mixToMono([channel])).toBe(channel)
  })

  it('gives no samples for no channels', () => {
    expect(mixToMono([]).length).toBe(0)
  })
})
