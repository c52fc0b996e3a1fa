import { CHUNK_EVENT, type ChunkDetail, type ChunkFile } from '../handoff.ts'

/**
 * Adds one chunk as `<script integrity crossorigin>` and resolves with what it registered. A blocked,
 * tampered or broken chunk rejects, so a later call tries afresh.
 */
export function loadChunk(relay: string, { file, integrity }: ChunkFile): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script')
    let registered: { exports: unknown } | null = null
    const onChunk = (e: Event) => {
      const detail = (e as CustomEvent<ChunkDetail>).detail
      if (detail.script === script) registered = { exports: detail.exports }
    }
    // The script has run (or failed) either way: the host page's <head> is left as it was.
    const settle = () => {
      document.removeEventListener(CHUNK_EVENT, onChunk)
      script.remove()
      if (registered) resolve(registered.exports)
      else reject()
    }
    document.addEventListener(CHUNK_EVENT, onChunk)
    script.onload = script.onerror = settle
    script.src = `${relay}/widget/${file}`
    script.integrity = integrity
    script.crossOrigin = 'anonymous'
    document.head.append(script)
  })
}
