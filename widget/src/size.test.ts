// @vitest-environment node
/// <reference types="node" />
import { existsSync, readFileSync } from 'node:fs'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

const file = new URL('../dist/widget.js', import.meta.url)
/** design.md: ≤ 15 KB brotli, read strictly as 15 000 bytes. */
const BUDGET = 15_000

describe('dist/widget.js', () => {
  it('exists (the test command builds before vitest)', () => {
    expect(
      existsSync(file),
      'dist/widget.js is missing: run `pnpm --filter @parley/widget build` first',
    ).toBe(true)
  })

  it(`is at most ${BUDGET} bytes brotli`, () => {
    const code = readFileSync(file)
    const brotli = brotliCompressSync(code, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length
    console.log(
      `widget.js: ${code.length} B raw, ${gzipSync(code, { level: 9 }).length} B gzip, ${brotli} B brotli (budget ${BUDGET})`,
    )
    expect(brotli).toBeLessThanOrEqual(BUDGET)
  })

  it('needs no eval, no Function constructor and no process.env', () => {
    const code = readFileSync(file, 'utf8')
    expect(code).not.toMatch(/\beval\(/)
    expect(code).not.toMatch(/new Function\b/)
    expect(code).not.toContain('process.env')
  })

  it('is one IIFE that defines no global but window.Parley', () => {
    const code = readFileSync(file, 'utf8').trim()
    expect(code.startsWith('!function(){') || code.startsWith('(function(){')).toBe(true)
    expect(code).not.toMatch(/\bimport\(/)
  })
})
