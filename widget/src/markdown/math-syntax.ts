/** TeX in markdown: `$$` blocks (micromark-extension-math's flow construct) and tex-syntax.ts in text. */
import { mathFromMarkdown } from 'mdast-util-math'
import { math } from 'micromark-extension-math'
import type { Syntax } from './syntax.ts'
import { texFromMarkdown } from './tex-node.ts'
import { texSyntax } from './tex-syntax.ts'

export const mathSyntax: Syntax = {
  // Only the `$$` block construct: texSyntax replaces the extension's inline math.
  extensions: [{ flow: math().flow }, texSyntax],
  mdastExtensions: [mathFromMarkdown(), texFromMarkdown],
}
