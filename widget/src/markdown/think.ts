/** Reasoning models put their thinking first, between `<think>` and `</think>`. */
const OPEN = '<think>'
const CLOSE = '</think>'

export interface Split {
  /** The thinking, or null when the answer has none. */
  think: string | null
  /** Whether `</think>` has arrived (the answer proper has started). */
  closed: boolean
  answer: string
}

/** The longest end of `text` that is a start of `tag`: a tag still arriving while streaming. */
function partialTag(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) {
    if (text.endsWith(tag.slice(0, n))) return n
  }
  return 0
}

/**
 * Splits the thinking from the answer. While `streaming`, a tag cut in half (`<thi`, `</thin`)
 * is held back rather than shown for a frame.
 */
export function splitThink(text: string, streaming = false): Split {
  const start = text.length - text.trimStart().length
  if (!text.startsWith(OPEN, start)) {
    const held = streaming && OPEN.startsWith(text.slice(start)) && start < text.length
    return { think: null, closed: true, answer: held ? '' : text }
  }
  const from = start + OPEN.length
  const end = text.indexOf(CLOSE, from)
  if (end < 0) {
    const think = text.slice(from)
    const cut = streaming ? partialTag(think, CLOSE) : 0
    return { think: think.slice(0, think.length - cut), closed: false, answer: '' }
  }
  return { think: text.slice(from, end), closed: true, answer: text.slice(end + CLOSE.length) }
}
