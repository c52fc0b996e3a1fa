/**
 * Widget weight: the bytes a site's visitors download for the chat widget, raw, gzip (level 9) and
 * brotli (quality 11, as widget/src/size.test.ts counts), for Parley (each file of its build, from
 * widget/dist/manifest.json) and for alternatives installed from npm as devDependencies of this package.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Manifest } from '../../widget/scripts/build.ts'

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

export const WIDGET_DIST = fileURLToPath(new URL('../../widget/dist/', import.meta.url))

export async function readManifest(dist = WIDGET_DIST): Promise<Manifest> {
  return JSON.parse(await readFile(join(dist, 'manifest.json'), 'utf8')) as Manifest
}

/** When the app loads each lazy chunk, for the reports. */
const LAZY_WHEN: Record<string, string> = {
  math: 'when an answer may hold math',
  strings: 'on pages not in English',
  history: 'when the visitor opens their conversations',
  page: 'when the bubble opens (focus guard), or at start with data-persist="browser" (tab sync)',
  form: 'for apps that declare inputs data-inputs does not supply, or when an answer waits on a human-input form',
  voice: 'for apps with speech-to-text or text-to-speech on',
  attach: 'for apps that take files',
  look: 'when the owner set a footer or answer icon, the tag has a teaser, an answer cites sources, or the app asks for sign-in',
  generate: 'for text-generation and workflow apps',
}

export const lazyWhen = (chunk: string): string => LAZY_WHEN[chunk] ?? `when ${chunk} is needed`

/** Parley's build, file by file: what every page view loads, what intent loads, what math loads. */
export interface ParleyWeights {
  version: string
  /** `widget.js`, on every page view. */
  loader: Weight
  /** `app.<hash>.js`, on the visitor's first sign of intent. */
  app: Weight
  /** Further chunks the app loads only when needed (e.g. `math` for an answer with math). */
  lazy: (Weight & { chunk: string })[]
}

export async function measureParley(dist = WIDGET_DIST): Promise<ParleyWeights> {
  const manifest = await readManifest(dist)
  const pkg = JSON.parse(await readFile(join(dist, '../package.json'), 'utf8'))
  const version: string = pkg.version ?? 'dev'
  const one = (file: string) => measure('parley', version, dist, [file])
  return {
    version,
    loader: await one(manifest.loader.file),
    app: await one(manifest.app.file),
    lazy: await Promise.all(
      Object.entries(manifest.lazy).map(async ([chunk, { file }]) => ({
        ...(await one(file)),
        chunk,
      })),
    ),
  }
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
