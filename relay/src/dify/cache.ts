/** A tiny per-instance cache for slow-changing Dify reads (`/parameters`, `/site`). */

export interface CacheOptions {
  ttlMs: number
  /** How long past its load a copy may still answer while a refresh runs or fails. */
  staleMs: number
  now?: () => number
}

/**
 * Wraps `load`, stale-while-revalidate: callers within `ttlMs` share one result; after that a copy
 * younger than `staleMs` answers at once while one refresh runs in the background, so a Dify outage
 * or a slow Dify never shows. Without a usable copy, callers wait for (and share) the load.
 */
export function cached<T>(load: () => Promise<T>, options: CacheOptions): () => Promise<T> {
  const now = options.now ?? Date.now
  let entry: { value: T; at: number } | undefined
  let pending: Promise<T> | undefined
  return () => {
    const current = entry
    const age = current ? now() - current.at : Number.POSITIVE_INFINITY
    if (current && age < options.ttlMs) return Promise.resolve(current.value)
    pending ??= load()
      .then((value) => {
        entry = { value, at: now() }
        return value
      })
      .finally(() => {
        pending = undefined
      })
    const refresh = pending
    if (current && age < options.staleMs) {
      // The stale copy answers; a failed refresh is simply tried again by the next caller.
      refresh.catch(() => undefined)
      return Promise.resolve(current.value)
    }
    return refresh
  }
}
