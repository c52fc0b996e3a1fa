/** One retry with jittered backoff, for idempotent Dify reads that failed in a way worth retrying. */

export interface RetryOptions {
  /** How many times to try again after the first failure. */
  retries: number
  /** The wait before a retry is between 0.5× and 1.5× this. */
  baseDelayMs: number
  random?: () => number
}

/**
 * Runs `attempt`, and again after a short wait while `shouldRetry(error)` holds and retries are
 * left. The jitter keeps instances that failed together from retrying in step.
 */
export async function retrying<T>(
  attempt: () => Promise<T>,
  shouldRetry: (error: unknown) => boolean,
  { retries, baseDelayMs, random = Math.random }: RetryOptions,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt()
    } catch (error) {
      if (n >= retries || !shouldRetry(error)) throw error
      const ms = Math.round(baseDelayMs * (0.5 + random()))
      await new Promise((resolve) => setTimeout(resolve, ms))
    }
  }
}
