import { describe, expect, it } from 'vitest'
import { streamBody } from '../../test/test-kit.ts'
import { type ByteSource, bytesOf, offerBytes } from './byte-source.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** What a source tells its sink, in order. */
function heard(source: ByteSource) {
  const told: string[] = []
  const decoder = new TextDecoder()
  const reading = source.start({
    data: (bytes) => told.push(decoder.decode(bytes)),
    end: () => told.push('end'),
    fail: (err) => told.push(`fail: ${(err as Error).message}`),
  })
  return { told, reading }
}

describe('bytesOf', () => {
  it('reads a web stream with one reader, to its end', async () => {
    const { body } = streamBody(['one', 'two'])
    const { told } = heard(bytesOf(body))
    // Nothing is told before `start` returns.
    expect(told).toEqual([])
    await sleep(5)
    expect(told).toEqual(['one', 'two', 'end'])
    expect(body.locked).toBe(true)
  })

  it('tells of a stream that breaks off', async () => {
    const body = new ReadableStream<Uint8Array>({
      start: (c) => c.error(new TypeError('terminated')),
    })
    const { told } = heard(bytesOf(body))
    await sleep(5)
    expect(told).toEqual(['fail: terminated'])
  })

  it('stops: the stream is cancelled and nothing more is told', async () => {
    const { body, state } = streamBody(['one'], { hang: true })
    const { told, reading } = heard(bytesOf(body))
    await sleep(5)
    reading.stop()
    await sleep(5)
    expect(told).toEqual(['one'])
    expect(state.cancelled).toBe(true)
  })

  it('takes the bytes a runtime offered for a body, once, and leaves the stream unread', async () => {
    const { body } = streamBody(['read'])
    const offered: ByteSource = {
      start(sink) {
        queueMicrotask(() => {
          sink.data(new TextEncoder().encode('pushed'))
          sink.end()
        })
        return { stop() {} }
      },
    }
    offerBytes(body, () => offered)
    const first = heard(bytesOf(body))
    await sleep(5)
    expect(first.told).toEqual(['pushed', 'end'])
    expect(body.locked).toBe(false)
    // Taken: the next reading reads the stream itself.
    const second = heard(bytesOf(body))
    await sleep(5)
    expect(second.told).toEqual(['read', 'end'])
  })

  it('reads the stream when the runtime withdraws its offer', async () => {
    const { body } = streamBody(['read'])
    offerBytes(body, () => null)
    const { told } = heard(bytesOf(body))
    await sleep(5)
    expect(told).toEqual(['read', 'end'])
  })
})
