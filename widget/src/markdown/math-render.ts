/**
 * TeX → MathML DOM with Temml: no fonts, no stylesheet, no requests (browsers render MathML
 * natively). The widget loads this module as a lazy chunk only when an answer contains math.
 */
import temml from 'temml'
import type { MathRenderer } from './math.ts'
import { mathSyntax } from './math-syntax.ts'

/** What Temml's build tree offers (its types say `any`). */
interface MathTree {
  toNode(): Node
}

/**
 * A `<math>` element; bad TeX becomes Temml's error element showing the source, never an
 * exception. This is `temml.render` without its quirks-mode guard, which refuses to render at all
 * on a host page without a doctype (the widget lives in pages it does not control).
 */
export function renderMath(tex: string, display: boolean): Element {
  const tree: MathTree = temml.__renderToMathMLTree(tex, {
    displayMode: display,
    throwOnError: false,
    // The TeX rides along as an annotation: copying the formula copies its source.
    annotate: true,
  })
  const node = tree.toNode()
  if (node instanceof Element) return node
  const box = document.createElement('span')
  box.append(node)
  return box
}

export const mathRenderer: MathRenderer = { render: renderMath, syntax: mathSyntax }
