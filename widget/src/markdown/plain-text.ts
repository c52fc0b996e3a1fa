/**
 * What a screen reader hears when an answer finishes: the text without markdown marks, without
 * the thinking, link text without URLs, image alt text. With the math syntax (the math chunk, here
 * once an answer with math has rendered) TeX is read as written inside its delimiters (`$x^2$` →
 * `x^2`): the MathML rendering is not available to a pure function, and the source is closer to
 * the formula than silence.
 */
import type { Nodes } from 'mdast'
import { prepare } from './limits.ts'
import { type Parse, parseMarkdown } from './parse.ts'
import { splitThink } from './think.ts'
import { walk } from './walk.ts'

const BLOCKS = new Set(['paragraph', 'heading', 'code', 'math', 'tableRow', 'listItem'])

/** The text of `node` and its descendants, blocks on lines of their own. */
export function textOf(node: Nodes): string {
  let out = ''
  walk(node, (n) => {
    if (BLOCKS.has(n.type) && out && !out.endsWith('\n')) out += '\n'
    else if (n.type === 'tableCell' && out && !out.endsWith('\n')) out += ' '
    if (n.type === 'break') out += '\n'
    else if (n.type === 'image' || n.type === 'imageReference') out += n.alt ?? ''
    else if ('value' in n) out += n.value
  })
  return out
}

/**
 * The plain text of a markdown answer; of its first `max` characters only when given (a long
 * answer's parse would otherwise block the page when it finishes), then `…`.
 */
export function plainText(
  markdown: string,
  max = Number.POSITIVE_INFINITY,
  parse: Parse = parseMarkdown,
): string {
  const { answer } = splitThink(markdown)
  const { markdown: parsed, rest } = prepare(answer.slice(0, max))
  const text = `${textOf(parse(parsed))}\n${rest}`.trim()
  return answer.length > max ? `${text}…` : text
}
