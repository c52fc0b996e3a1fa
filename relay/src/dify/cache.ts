/** A tiny per-instance cache for slow-changing Dify reads (`/parameters`, `/site`). */

export interface CacheOptions {
  ttlMs: number
  /** How long a stale copy may stand in while Dify fails. */
  staleMs: number
  now?: () => number
}

/**
 * Wraps `load` so that callers within `ttlMs` share one result and concurrent callers share one
 * request; when a refresh fails, a copy younger than `staleMs` is served instead of the error.
 */
export function cached<T>(load: () => Promise<T>, options: CacheOptions): () => Promise<T> {
  const now = options.now ?? Date.now
  let entry: { value: T; at: number } | undefined
  let pending: Promise<T> | undefined
  return () => {
    const current = entry
    if (current && now() - current.at < options.ttlMs) return Promise.resolve(current.value)
    pending ??= load()
      .then((value) => {
        entry = { value, at: now() }
        return value
      })
      .catch((err: unknown) => {
        if (current && now() - current.at < options.staleMs) return current.value
        throw err
      })
      .finally(() => {
        pending = undefined
      })
    return pending
  }
}
