/**
 * Bounds on what is parsed as markdown. micromark's cost grows faster than the input on some
 * shapes (a line of 100,000 `>` takes minutes, 32 KB of `*a` seconds), and an answer must never
 * freeze the page. Both bounds keep a growing text growing by appends, so streaming stays
 * incremental.
 */

/** Beyond this many characters (~8k tokens) the rest of an answer is shown as plain text. */
export const MAX_MARKDOWN = 32_768

/** Deeper nesting is flattened when rendering anyway (render.tsx); on one line it costs the square. */
const MAX_PREFIX = 32

/** A run of container markers (`>`, `-`, `1.`) opening a line. */
const MARKER = String.raw`[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]))`
const DEEP = new RegExp(`^(?:${MARKER}){${MAX_PREFIX + 1},}`, 'gm')
const KEEP = new RegExp(`^(?:${MARKER}){${MAX_PREFIX}}`)

export interface Prepared {
  /** Parsed as markdown. */
  markdown: string
  /** Shown as text. */
  rest: string
}

/** Splits off what is too long and drops container markers beyond the 32nd on a line. */
export function prepare(text: string): Prepared {
  let cut = text.length
  if (cut > MAX_MARKDOWN) {
    const line = text.lastIndexOf('\n', MAX_MARKDOWN)
    cut = line > 0 ? line + 1 : MAX_MARKDOWN
  }
  const head = text.slice(0, cut)
  const markdown = head.replace(DEEP, (prefix) => KEEP.exec(prefix)?.[0] ?? prefix)
  return { markdown, rest: text.slice(cut) }
}
