/** Keeping a request's work alive after its response has ended, on runtimes that would cut it short. */
import type { Context } from 'hono'

/**
 * On Workers, an isolate cancels a request's subrequests once its client has gone, unless
 * `waitUntil` holds them; returns the function that lets go. Node, Bun and Deno have no
 * ExecutionContext (Hono throws) and keep draining anyway, so there it does nothing.
 */
export function holdOpen(c: Context): () => void {
  let release = () => {}
  try {
    c.executionCtx.waitUntil(new Promise<void>((resolve) => (release = resolve)))
  } catch {
    // No ExecutionContext on this runtime.
  }
  return release
}
