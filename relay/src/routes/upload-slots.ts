import type { Context } from 'hono'
import { jsonError } from '../middleware/errors.ts'
import type { AppEnv } from '../types.ts'

/**
 * Uploads in flight per visitor on this relay instance. Each one holds a connection from the
 * visitor and one to Dify open for as long as its bytes take, so a session gets only a few at once.
 */
export interface UploadSlots {
  /** Uploads one visitor may have in flight at once. */
  readonly perVisitor: number
  /** A slot for `visitor` and the function that frees it (only once); null when all are taken. */
  take(visitor: string): (() => void) | null
}

export function createUploadSlots(perVisitor: number): UploadSlots {
  const inFlight = new Map<string, number>()
  return {
    perVisitor,
    take(visitor) {
      const taken = inFlight.get(visitor) ?? 0
      if (taken >= perVisitor) return null
      inFlight.set(visitor, taken + 1)
      let freed = false
      return () => {
        if (freed) return
        freed = true
        const left = (inFlight.get(visitor) ?? 1) - 1
        if (left > 0) inFlight.set(visitor, left)
        else inFlight.delete(visitor)
      }
    },
  }
}

/**
 * Runs `upload` holding one of the session's upload slots (a file or a recording), freeing it after;
 * when all are taken, answers 429 with `Retry-After`.
 */
export async function withUploadSlot(
  c: Context<AppEnv>,
  upload: () => Promise<Response>,
): Promise<Response> {
  const uploads = c.get('uploads')
  const release = uploads.take(c.get('visitor'))
  if (!release) {
    c.get('meter')?.refused('uploads')
    const message = `At most ${uploads.perVisitor} uploads can run at once. Please try again soon.`
    return jsonError(c, 'rate_limited', message, { 'Retry-After': '1' })
  }
  try {
    return await upload()
  } finally {
    release()
  }
}
