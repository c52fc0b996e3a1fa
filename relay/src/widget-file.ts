import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The built widget's files from `dir` (widget/dist), by name. A file is re-read only when it
 * changes, so a rebuild shows up without a restart. Names come from the widget routes, which accept
 * only `widget.js` and hashed chunk names, never a path.
 */
export function widgetFromDisk(dir: string): (name: string) => Promise<string | null> {
  const cached = new Map<string, { mtimeMs: number; js: string }>()
  return async (name) => {
    const path = join(dir, name)
    try {
      const { mtimeMs } = await stat(path)
      let entry = cached.get(name)
      if (entry?.mtimeMs !== mtimeMs) {
        entry = { mtimeMs, js: await readFile(path, 'utf8') }
        cached.set(name, entry)
      }
      return entry.js
    } catch {
      cached.delete(name)
      return null
    }
  }
}
