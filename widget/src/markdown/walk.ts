import type { Nodes } from 'mdast'

/**
 * Visits `node` and its descendants in document order. Iterative: a thousand nested block quotes
 * must not exhaust the call stack.
 */
export function walk(node: Nodes, visit: (node: Nodes) => void): void {
  const stack: Nodes[] = [node]
  for (let next = stack.pop(); next; next = stack.pop()) {
    visit(next)
    if ('children' in next) {
      for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i] as Nodes)
    }
  }
}
