import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Utf8Stream } from './utf8-stream.ts'

/** What a TextDecoder of its own per stream gives. */
function reference(chunks: Uint8Array[]): string {
  const decoder = new TextDecoder()
  return chunks.map((c) => decoder.decode(c, { stream: true })).join('') + decoder.decode()
}

function ours(chunks: Uint8Array[]): string {
  const decoder = new Utf8Stream()
  return chunks.map((c) => decoder.decode(c)).join('') + decoder.decode()
}

describe('Utf8Stream', () => {
  // Bytes that make every kind of sequence: ASCII, leads of 2, 3 and 4 bytes, continuations,
  // overlong and out-of-range leads, and the BOM's bytes.
  const byte = fc.constantFrom(
    0x00,
    0x41,
    0x0a,
    0x7f,
    0x80,
    0x9f,
    0xa0,
    0xbb,
    0xbf,
    0xc0,
    0xc2,
    0xc3,
    0xdf,
    0xe0,
    0xe2,
    0xed,
    0xef,
    0xf0,
    0xf4,
    0xf5,
    0xff,
  )
  const chunks = fc.array(
    fc.array(byte, { maxLength: 8 }).map((b) => Uint8Array.from(b)),
    { maxLength: 8 },
  )

  it('decodes any bytes, split anywhere, as a TextDecoder in stream mode does', () => {
    fc.assert(
      fc.property(chunks, (c) => ours(c) === reference(c)),
      { numRuns: 5000 },
    )
  })

  it('drops one leading BOM, even split, and keeps any later one', () => {
    const bom = [0xef, 0xbb, 0xbf]
    const text = new TextEncoder().encode('data: é\n\n')
    for (let cut = 0; cut <= 3; cut++) {
      const parts = [
        Uint8Array.from(bom.slice(0, cut)),
        Uint8Array.from([...bom.slice(cut), ...bom]),
        text,
      ]
      expect(ours(parts)).toBe(reference(parts))
      expect(ours(parts).startsWith('\uFEFFdata')).toBe(true)
    }
  })

  it('keeps a copy of a split character, not a view of the bytes it was given', () => {
    for (const bytes of [Uint8Array.from([0x61, 0xe4, 0xb8]), Buffer.from([0x61, 0xe4, 0xb8])]) {
      const decoder = new Utf8Stream()
      expect(decoder.decode(bytes)).toBe('a')
      bytes.fill(0)
      expect(decoder.decode(Uint8Array.of(0xad))).toBe('中')
    }
  })
})
