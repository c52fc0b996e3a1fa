/**
 * The math chunk's exports (see math-render.ts): TeX → MathML, and the markdown syntax that finds
 * TeX in an answer. Both travel in the chunk: an answer without math never needs either.
 */
import type { Syntax } from './syntax.ts'

export interface MathRenderer {
  render(tex: string, display: boolean): Element
  syntax: Syntax
}

/**
 * Whether `text` may hold math (so the math chunk is worth loading): `$$`, `\(`, `\[`, or a
 * `$…$` pair by tex-syntax.ts's rule for single dollars ("$5 and $10" is not).
 */
export const mayHaveMath = (text: string): boolean =>
  /\$\$|\\[([]|\$[^\s$](?:[^$]*[^\s$\\])?\$(?!\d)/.test(text)

/** Loads the math chunk. */
export type LoadMath = () => Promise<MathRenderer>
