/**
 * Suggested questions per visitor and message. Dify makes a model call for every request of
 * `/messages/:id/suggested`, and the questions for an answer do not change, so a repeat is served
 * from here. Bounded: the oldest entry goes first.
 */
export interface SuggestedCache {
  get(visitor: string, messageId: string): string[] | undefined
  set(visitor: string, messageId: string, questions: string[]): void
}

export interface SuggestedCacheOptions {
  ttlMs?: number
  max?: number
  now?: () => number
}

export function createSuggestedCache({
  ttlMs = 10 * 60_000,
  max = 10_000,
  now = Date.now,
}: SuggestedCacheOptions = {}): SuggestedCache {
  const entries = new Map<string, { questions: string[]; at: number }>()
  const keyOf = (visitor: string, messageId: string) => `${visitor}\n${messageId}`
  return {
    get(visitor, messageId) {
      const key = keyOf(visitor, messageId)
      const entry = entries.get(key)
      if (entry && now() - entry.at < ttlMs) return entry.questions
      entries.delete(key)
      return undefined
    },
    set(visitor, messageId, questions) {
      const key = keyOf(visitor, messageId)
      entries.delete(key)
      entries.set(key, { questions, at: now() })
      for (const oldest of entries.keys()) {
        if (entries.size <= max) break
        entries.delete(oldest)
      }
    },
  }
}
