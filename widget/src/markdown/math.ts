/**
 * The math chunk's exports (see math-render.ts): TeX → MathML, and the markdown syntax that finds
 * TeX in an answer. Both travel in the chunk: an answer without math never needs either.
 */
import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown'
import type { Extension } from './micromark-types.ts'

export interface MathSyntax {
  extensions: Extension[]
  mdastExtensions: FromMarkdownExtension[]
}

export interface MathRenderer {
  render(tex: string, display: boolean): Element
  syntax: MathSyntax
}

/**
 * Whether `text` may hold math (so the math chunk is worth loading): `$$`, `\(`, `\[`, or a
 * `$…$` pair by tex-syntax.ts's rule for single dollars ("$5 and $10" is not).
 */
export const mayHaveMath = (text: string): boolean =>
  /\$\$|\\[([]|\$[^\s$](?:[^$]*[^\s$\\])?\$(?!\d)/.test(text)
