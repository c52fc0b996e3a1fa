import { CHUNK_EVENT, type ChunkFile } from '../handoff.ts'

/**
 * Adds one chunk as `<script integrity crossorigin>` and resolves with what it registered. A blocked,
 * tampered or broken chunk rejects, so a later call tries afresh.
 */
export function loadChunk(relay: string, { file, integrity }: ChunkFile): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script')
    let registered: { exports: unknown } | null = null
    script.addEventListener(CHUNK_EVENT, (e) => {
      registered = { exports: (e as CustomEvent).detail }
    })
    // The script has run (or failed) either way: the host page's <head> is left as it was.
    script.onload = script.onerror = () => {
      script.remove()
      if (registered) resolve(registered.exports)
      else reject()
    }
    script.src = `${relay}/widget/${file}`
    script.integrity = integrity
    script.crossOrigin = 'anonymous'
    document.head.append(script)
  })
}
