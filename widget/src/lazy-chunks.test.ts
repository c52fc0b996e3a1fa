import { describe, expect, it, vi } from 'vitest'
import type { ChunkFile } from './handoff.ts'
import { lazyChunks } from './lazy-chunks.ts'

const HASHES = {
  math: 'sha256-Math+Math/MathMathXYZ',
  strings: 'sha256-StringsStringsStr',
  history: 'sha256-h',
  form: 'sha256-f',
  page: 'sha256-p',
  voice: 'sha256-v',
  attach: 'sha256-a',
  generate: 'sha256-g',
  look: 'sha256-l',
}

const math = { render: () => document.createElement('math'), syntax: {} }

describe('lazyChunks', () => {
  it('loads a chunk by the file name and SRI hash the build gave it', async () => {
    const load = vi.fn(async (_file: ChunkFile) => math)
    await expect(lazyChunks(load, HASHES).math()).resolves.toBe(math)
    expect(load).toHaveBeenCalledWith({
      file: 'math.Math-Math_MathMa.js',
      integrity: HASHES.math,
    })
  })

  it('hands a chunk on in a task after the one it ran in', async () => {
    let ran = () => {}
    const loaded = new Promise<void>((resolve) => {
      ran = resolve
    })
    const chunks = lazyChunks(() => loaded.then(() => math), HASHES)
    let arrived = false
    void chunks.math().then(() => {
      arrived = true
    })
    ran()
    for (let i = 0; i < 10; i++) await Promise.resolve()
    expect(arrived).toBe(false)
    await new Promise((r) => setTimeout(r, 0))
    await Promise.resolve()
    expect(arrived).toBe(true)
  })

  it('loads each chunk once, and again after a failed load', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('blocked')).mockResolvedValue(math)
    const chunks = lazyChunks(load, HASHES)
    await expect(chunks.math()).rejects.toThrow('blocked')
    await expect(chunks.math()).resolves.toBe(math)
    await chunks.math()
    expect(load).toHaveBeenCalledTimes(2)
  })

  it('loads nothing from a build without chunks', async () => {
    const load = vi.fn()
    await expect(lazyChunks(load, null).math()).rejects.toThrow('no math chunk in this build')
    expect(load).not.toHaveBeenCalled()
  })
})
