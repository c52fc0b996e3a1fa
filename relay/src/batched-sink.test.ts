import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { batchedSink } from './batched-sink.ts'

describe('batchedSink', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  function setup(options: { delayMs?: number; maxChars?: number } = {}) {
    const out: string[] = []
    const err: string[] = []
    const batched = batchedSink({
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      ...options,
    })
    return { ...batched, out, err }
  }

  it('writes info and debug lines together, in order, after a short delay', () => {
    const { sink, out } = setup({ delayMs: 20 })
    sink('a', 'info')
    sink('b', 'debug')
    sink('c', 'info')
    expect(out).toEqual([])
    vi.advanceTimersByTime(19)
    expect(out).toEqual([])
    vi.advanceTimersByTime(1)
    expect(out).toEqual(['a\nb\nc\n'])
    sink('d', 'info')
    vi.advanceTimersByTime(20)
    expect(out).toEqual(['a\nb\nc\n', 'd\n'])
  })

  it('writes warnings and errors at once, to their own stream', () => {
    const { sink, out, err } = setup()
    sink('info line', 'info')
    sink('warn line', 'warn')
    sink('error line', 'error')
    expect(err).toEqual(['warn line\n', 'error line\n'])
    expect(out).toEqual([])
  })

  it('writes at once once many characters wait', () => {
    const { sink, out } = setup({ maxChars: 10 })
    sink('12345', 'info')
    expect(out).toEqual([])
    sink('67890', 'info')
    expect(out).toEqual(['12345\n67890\n'])
    vi.advanceTimersByTime(100)
    expect(out).toEqual(['12345\n67890\n'])
  })

  it('flush() writes what waits, and nothing when nothing does', () => {
    const { sink, flush, out } = setup()
    flush()
    expect(out).toEqual([])
    sink('last words', 'info')
    flush()
    expect(out).toEqual(['last words\n'])
    vi.advanceTimersByTime(100)
    expect(out).toEqual(['last words\n'])
  })
})
