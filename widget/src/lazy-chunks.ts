/**
 * The app's lazy chunks, loaded through the loader so the same SRI pinning applies. The build
 * defines `__PARLEY_CHUNKS__` (names and hashes); where it is absent (unit tests) nothing loads.
 */
import type { ChunkFile, Handoff } from './handoff.ts'
import type { MathRenderer } from './markdown/math.ts'

declare const __PARLEY_CHUNKS__: { math: ChunkFile } | undefined

export interface LazyChunks {
  math: () => Promise<MathRenderer>
}

export function lazyChunks(load: Handoff['load']): LazyChunks {
  const chunks = typeof __PARLEY_CHUNKS__ === 'object' ? __PARLEY_CHUNKS__ : null
  let math: Promise<MathRenderer> | null = null
  return {
    math() {
      if (!chunks) return Promise.reject(new Error('no math chunk in this build'))
      // A failed load is forgotten, so the next answer with math tries again.
      math ??= (load(chunks.math) as Promise<MathRenderer>).catch((e) => {
        math = null
        throw e
      })
      return math
    },
  }
}
