import { useLayoutEffect, useState } from 'preact/hooks'
import type { MathRenderer } from './math.ts'

export type LoadMath = () => Promise<MathRenderer>

/** Renderers already loaded, so an answer mounted later has math at once instead of its source first. */
const loaded = new WeakMap<LoadMath, MathRenderer>()

/**
 * The math chunk's exports once `wanted` and loaded (undefined until then, and when there is no
 * loader or it fails). Loaded before paint when the chunk is already here.
 */
export function useMath(load: LoadMath | undefined, wanted: boolean): MathRenderer | undefined {
  const [renderer, setRenderer] = useState(() => (load ? loaded.get(load) : undefined))
  useLayoutEffect(() => {
    if (!load || renderer || !wanted) return
    let live = true
    load().then(
      (r) => {
        loaded.set(load, r)
        if (live) setRenderer(r)
      },
      () => {},
    )
    return () => {
      live = false
    }
  }, [load, renderer, wanted])
  return renderer
}
