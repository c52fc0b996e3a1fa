/**
 * A UTF-8 byte stream → text, as `new TextDecoder().decode(bytes, { stream: true })` and a final
 * `decode()` give it (split characters, U+FFFD for invalid bytes, a leading BOM dropped), without a
 * TextDecoder per stream: each holds a native converter, a cost every open answer would pay.
 */

/** Decodes whole characters only, so one serves every stream; keeps any BOM. */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })

/**
 * How many bytes at the end of `bytes` start a character that the next bytes complete: a lead
 * byte followed by fewer continuation bytes than it announces. Anything else is decoded now (an
 * invalid sequence becomes U+FFFD now or with the next bytes, the same either way).
 */
function openCharBytes(bytes: Uint8Array): number {
  const n = bytes.length
  for (let i = n - 1; i >= 0 && i >= n - 3; i--) {
    const b = bytes[i] as number
    if (b < 0x80) return 0
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2
      return n - i < length ? n - i : 0
    }
  }
  return 0
}

export class Utf8Stream {
  /** The start of a character that the next bytes complete. */
  #open: Uint8Array | null = null
  #started = false

  /** The text of `bytes` and the bytes before them; with none, the end (an open character: U+FFFD). */
  decode(bytes?: Uint8Array): string {
    let all = bytes ?? new Uint8Array(0)
    if (this.#open) {
      const joined = new Uint8Array(this.#open.length + all.length)
      joined.set(this.#open)
      joined.set(all, this.#open.length)
      all = joined
      this.#open = null
    }
    const open = bytes ? openCharBytes(all) : 0
    // A copy: `all` may be a view of a larger buffer (a socket's read, an inflated chunk).
    if (open > 0) this.#open = new Uint8Array(all.subarray(all.length - open))
    let text = utf8.decode(open > 0 ? all.subarray(0, all.length - open) : all)
    if (!this.#started && text !== '') {
      this.#started = true
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    }
    return text
  }
}
