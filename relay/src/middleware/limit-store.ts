/** Counters behind the rate limits: the store interface and its bounded in-memory implementation. */
import type { Rate } from '../types.ts'

/** Shared by every instance when backed by Redis (REDIS_URL); per process in memory otherwise. */
export interface LimitStore {
  /**
   * Takes one token from the bucket `key` (capacity `rate.limit`, refilled at `rate.limit` per
   * `rate.windowMs`). Resolves 0 when a token was taken, else the milliseconds until one is available.
   */
  take(key: string, rate: Rate, now: number): Promise<number>
  /** Adds one to the counter `key`, which is forgotten at `expiresAt` (Unix ms); resolves the new count. */
  increment(key: string, expiresAt: number, now: number): Promise<number>
  close?(): Promise<void>
}

interface Entry {
  /** Bucket tokens, or a counter's count. */
  value: number
  updatedAt: number
  /** When the entry is no different from an absent one. */
  expiresAt: number
}

/**
 * In-memory store. Holds at most `maxEntries` keys: when full it drops expired entries, then the least
 * recently used, so a flood of new sessions or IPs costs bounded memory.
 */
export function createMemoryStore({ maxEntries = 100_000 } = {}): LimitStore {
  const entries = new Map<string, Entry>()

  const put = (key: string, entry: Entry, now: number) => {
    // Re-inserting keeps the Map in least-recently-used order.
    entries.delete(key)
    if (entries.size >= maxEntries) {
      for (const [k, e] of entries) if (e.expiresAt <= now) entries.delete(k)
      const oldest = entries.keys().next()
      if (entries.size >= maxEntries && !oldest.done) entries.delete(oldest.value)
    }
    entries.set(key, entry)
  }

  const live = (key: string, now: number): Entry | undefined => {
    const entry = entries.get(key)
    return entry && entry.expiresAt > now ? entry : undefined
  }

  return {
    async take(key, { limit, windowMs }, now) {
      const perMs = limit / windowMs
      const entry = live(key, now)
      const tokens = entry ? Math.min(limit, entry.value + (now - entry.updatedAt) * perMs) : limit
      if (tokens < 1) {
        // A refused key counts as used too, so that a busy abuser's bucket is the last to be dropped.
        if (entry) put(key, entry, now)
        return Math.ceil((1 - tokens) / perMs)
      }
      const left = tokens - 1
      put(
        key,
        { value: left, updatedAt: now, expiresAt: now + Math.ceil((limit - left) / perMs) },
        now,
      )
      return 0
    },
    async increment(key, expiresAt, now) {
      const count = (live(key, now)?.value ?? 0) + 1
      put(key, { value: count, updatedAt: now, expiresAt }, now)
      return count
    },
  }
}
