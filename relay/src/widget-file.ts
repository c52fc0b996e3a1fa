import { readFile, stat } from 'node:fs/promises'

/** Re-reads widget.js only when the file changes, so a rebuild shows up without a restart. */
export function widgetFromDisk(path: string): () => Promise<string | null> {
  let cached: { mtimeMs: number; js: string } | null = null
  return async () => {
    try {
      const { mtimeMs } = await stat(path)
      if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, js: await readFile(path, 'utf8') }
      return cached.js
    } catch {
      return null
    }
  }
}
