import type { ReadableAtom } from 'nanostores'
import { useEffect, useState } from 'preact/hooks'

/**
 * Subscribes a component to a store. Same contract as @nanostores/preact's `useStore` for plain
 * atoms, without its `keys`/SSR support, which pulls ~0.3 KB brotli of path helpers into a
 * bundle with a 15 KB budget.
 */
export function useStore<T>(store: ReadableAtom<T>): T {
  const [, rerender] = useState(0)
  // subscribe (not listen): a change between render and effect must not be missed
  useEffect(() => store.subscribe(() => rerender((n) => n + 1)), [store])
  return store.get()
}
