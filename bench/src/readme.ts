/** Writes the bench's report into the root README, only ever between its two markers. */
import { readFile, writeFile } from 'node:fs/promises'

export const START = '<!-- bench:start -->'
export const END = '<!-- bench:end -->'

/** `readme` with the text between the markers replaced (markers appended at the end if missing). */
export function replaceBetweenMarkers(readme: string, body: string): string {
  const start = readme.indexOf(START)
  const end = readme.indexOf(END, start)
  if (start < 0 || end < 0) {
    const sep = readme.endsWith('\n') ? '\n' : '\n\n'
    return `${readme}${sep}${START}\n${body.trim()}\n${END}\n`
  }
  return `${readme.slice(0, start + START.length)}\n${body.trim()}\n${readme.slice(end)}`
}

export async function updateReadme(path: string, body: string): Promise<void> {
  const readme = await readFile(path, 'utf8')
  await writeFile(path, replaceBetweenMarkers(readme, body))
}
