/**
 * The configured Dify key, wherever an upstream text could echo it: the whole key, the key with
 * another prefix or none, or any piece of it 12 characters or longer becomes `[redacted]`.
 */

/** The shortest piece of the key that is redacted on its own. */
export const MIN_PIECE = 12
/**
 * The shortest tail a stream holds back. Shorter ones are let go at once (holding every tail that
 * happens to be a letter of the key would delay most deltas): at worst three characters of a key
 * spelled across deltas show before `[redacted]`.
 */
const MIN_HELD = 4
export const REDACTED = '[redacted]'

export interface Redactor {
  (text: string): string
  /**
   * How many characters at the end of `text` are a piece of the key that the next chunk may go on
   * with: a stream holds them back until it knows, so a key spelled across chunks is redacted whole.
   */
  holdback(text: string): number
}

export function keyRedactor(key: string): Redactor {
  // Every piece of MIN_PIECE characters; a longer echo is a run of overlapping pieces.
  const pieces = new Set<string>()
  const size = Math.min(MIN_PIECE, key.length)
  for (let i = 0; i + size <= key.length; i++) pieces.add(key.slice(i, i + size))

  function redact(text: string): string {
    if (key === '' || text.length < size) return text
    const spans: [number, number][] = []
    for (const piece of pieces) {
      for (let at = text.indexOf(piece); at !== -1; at = text.indexOf(piece, at + 1)) {
        spans.push([at, at + size])
      }
    }
    if (spans.length === 0) return text
    spans.sort((a, b) => a[0] - b[0])
    let out = ''
    let from = 0
    let [start, end] = spans[0] as [number, number]
    for (const [s, e] of spans) {
      if (s > end) {
        out += text.slice(from, start) + REDACTED
        from = end
        start = s
      }
      end = Math.max(end, e)
    }
    return out + text.slice(from, start) + REDACTED + text.slice(end)
  }

  function holdback(text: string): number {
    if (key === '') return 0
    for (let n = Math.min(text.length, key.length); n >= MIN_HELD; n--) {
      if (key.includes(text.slice(text.length - n))) return n
    }
    return 0
  }

  return Object.assign(redact, { holdback })
}
