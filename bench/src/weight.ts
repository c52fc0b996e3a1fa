/**
 * Widget weight: the bytes a site's visitors download for the chat widget, raw, gzip (level 9) and
 * brotli (quality 11, as widget/src/size.test.ts counts), for Parley and for alternatives installed
 * from npm as devDependencies of this package.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const require = createRequire(import.meta.url)

export interface Weight {
  name: string
  version: string
  /** Files a site loads up front (lazy chunks excluded), relative to the package. */
  files: string[]
  raw: number
  gzip: number
  brotli: number
  /** Why it was not measured. */
  skipped?: string
}

interface Candidate {
  name: string
  files: string[]
  /** How a site loads it, for the report. */
  how: string
}

export const ALTERNATIVES: Candidate[] = [
  { name: 'flowise-embed', files: ['dist/web.js'], how: 'module script' },
  { name: 'deep-chat', files: ['dist/deepChat.bundle.js'], how: 'web component bundle' },
  {
    name: '@n8n/chat',
    files: ['dist/chat.bundle.umd.js', 'dist/style.css'],
    how: 'UMD bundle + stylesheet',
  },
]

export function sizes(code: Buffer): { raw: number; gzip: number; brotli: number } {
  return {
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  }
}

async function measure(name: string, version: string, dir: string, files: string[]) {
  const total: Weight = { name, version, files, raw: 0, gzip: 0, brotli: 0 }
  // Each file is a separate download, compressed on its own.
  for (const file of files) {
    const s = sizes(await readFile(join(dir, file)))
    total.raw += s.raw
    total.gzip += s.gzip
    total.brotli += s.brotli
  }
  return total
}

function packageDir(name: string): string | null {
  try {
    return dirname(require.resolve(`${name}/package.json`))
  } catch {
    return null
  }
}

export async function measureParley(): Promise<Weight> {
  const widget = fileURLToPath(new URL('../../widget/dist/', import.meta.url))
  const pkg = JSON.parse(await readFile(join(widget, '../package.json'), 'utf8'))
  return measure('parley', pkg.version ?? 'dev', widget, ['widget.js'])
}

export async function measureAlternatives(): Promise<Weight[]> {
  const out: Weight[] = []
  for (const { name, files } of ALTERNATIVES) {
    const dir = packageDir(name)
    const missing = dir ? files.filter((f) => !existsSync(join(dir, f))) : files
    if (!dir || missing.length > 0) {
      const skipped = dir ? `missing ${missing.join(', ')}` : 'not installed'
      out.push({ name, version: '–', files, raw: 0, gzip: 0, brotli: 0, skipped })
      continue
    }
    const { version } = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
    out.push(await measure(name, version, dir, files))
  }
  return out
}
