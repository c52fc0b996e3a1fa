import { useLayoutEffect, useState } from 'preact/hooks'

/** What each lazy loader brought, so an answer mounted later has it at once instead of a step later. */
const loaded = new WeakMap<() => Promise<unknown>, unknown>()

/**
 * What a lazy chunk exports once `wanted` and loaded (undefined until then, and when there is no
 * loader or it fails). Before paint when the chunk is already here.
 */
export function useChunk<T>(load: (() => Promise<T>) | undefined, wanted: boolean): T | undefined {
  const [value, setValue] = useState(() => (load ? (loaded.get(load) as T | undefined) : undefined))
  useLayoutEffect(() => {
    if (!load || value || !wanted) return
    let live = true
    load().then(
      (v) => {
        loaded.set(load, v)
        if (live) setValue(() => v)
      },
      () => {},
    )
    return () => {
      live = false
    }
  }, [load, value, wanted])
  return value
}
