// @vitest-environment node
/// <reference types="node" />
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { Manifest } from '../scripts/build.ts'
import { chunkFile } from './handoff.ts'

const dist = new URL('../dist/', import.meta.url)
/** design.md: the loader ≤ 3,072 B brotli; the app ≤ 40 KB brotli, read strictly as 40,000 B. */
const LOADER_BUDGET = 3_072
const APP_BUDGET = 40_000

const read = (file: string) => readFileSync(new URL(file, dist))
const brotli = (code: Buffer) =>
  brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length

function report(label: string, file: string, budget?: number): number {
  const code = read(file)
  const size = brotli(code)
  const limit = budget ? ` (budget ${budget})` : ''
  console.log(
    `${label} ${file}: ${code.length} B raw, ${gzipSync(code, { level: 9 }).length} B gzip, ${size} B brotli${limit}`,
  )
  return size
}

describe('the widget build (dist/)', () => {
  it('exists (the test command builds before vitest)', () => {
    expect(
      existsSync(new URL('manifest.json', dist)),
      'dist/ is missing: run `pnpm --filter @parley/widget build` first',
    ).toBe(true)
  })

  const manifest = (): Manifest => JSON.parse(read('manifest.json').toString('utf8'))
  const files = () => {
    const { loader, app, lazy } = manifest()
    return [loader, app, ...Object.values(lazy)]
  }

  it(`has a loader (widget.js) of at most ${LOADER_BUDGET} B brotli`, () => {
    expect(report('loader', 'widget.js', LOADER_BUDGET)).toBeLessThanOrEqual(LOADER_BUDGET)
  })

  it('opens the loader with V8’s compile hint: its functions compile with the script, off the main thread', () => {
    expect(read('widget.js').toString('utf8')).toMatch(
      /^\/\/# allFunctionsCalledOnLoad\n\(\(\)=>\{/,
    )
  })

  it(`has an app chunk of at most ${APP_BUDGET} B brotli, and reports each lazy chunk`, () => {
    const { app, lazy } = manifest()
    expect(report('app', app.file, APP_BUDGET)).toBeLessThanOrEqual(APP_BUDGET)
    for (const [name, chunk] of Object.entries(lazy)) report(`lazy ${name}`, chunk.file)
  })

  it('pins the app by name and SRI hash inside widget.js, and each lazy chunk by its hash inside the app', () => {
    const { loader, app, lazy } = manifest()
    const pins = [[loader, app], ...Object.values(lazy).map((chunk) => [app, chunk])] as const
    for (const [by, pinned] of pins) {
      const hash = createHash('sha256').update(read(pinned.file)).digest('base64')
      expect(pinned.integrity).toBe(`sha256-${hash}`)
      expect(read(by.file).toString('utf8')).toContain(pinned.integrity)
    }
    expect(read(loader.file).toString('utf8')).toContain(app.file)
    // The app derives a chunk's name from its hash, as the build named it.
    for (const [name, chunk] of Object.entries(lazy)) {
      expect(chunkFile(name, chunk.integrity).file).toBe(chunk.file)
    }
  })

  it('needs no eval, no Function constructor, no process.env and no module loader', () => {
    for (const { file } of files()) {
      const code = read(file).toString('utf8')
      expect(code, file).not.toMatch(/\beval\(/)
      expect(code, file).not.toMatch(/new Function\b/)
      expect(code, file).not.toContain('process.env')
      expect(code, file).not.toMatch(/\bimport\(/)
      // One IIFE, after the loader's compile hint (a comment).
      const body = code.replace(/^\/\/# allFunctionsCalledOnLoad\n/, '').trim()
      expect(body.startsWith('(()=>{') || body.startsWith('!function(){'), file).toBe(true)
    }
  })
})
