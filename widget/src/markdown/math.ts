/**
 * The math chunk's exports (see math-render.ts): TeX → MathML, and the markdown syntax that finds
 * TeX in an answer. Both travel in the chunk: an answer without math never needs either.
 */
import type { Syntax } from './syntax.ts'

export interface MathRenderer {
  render(tex: string, display: boolean): Element
  syntax: Syntax
}

/** Code fences (to their close, or the end) and code spans: TeX is never read inside them. */
const CODE = /```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)|`[^`\n]*`/g

/**
 * Whether `text` may hold math (so the math chunk is worth loading): outside code, `$$`, `\(`, `\[`,
 * or a `$…$` pair within one paragraph by tex-syntax.ts's rule for single dollars ("$5 and $10" is
 * not). Shell in code (`"$(openssl rand -hex 32)"`, `$HOME/$USER`) loads nothing.
 */
export const mayHaveMath = (text: string): boolean =>
  /\$|\\[([]/.test(text) &&
  /\$\$|\\[([]|\$[^\s$](?:(?:[^$\n]|\n(?![^\S\n]*\n))*[^\s$\\])?\$(?!\d)/.test(
    text.replace(CODE, ' '),
  )

/** Loads the math chunk. */
export type LoadMath = () => Promise<MathRenderer>
