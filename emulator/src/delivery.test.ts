import { describe, expect, it } from 'vitest'
import { createDelivery } from './delivery.ts'

async function chunksOf(body: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = []
  for await (const chunk of body) chunks.push(chunk)
  return chunks
}

const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString('utf8')

describe('delivery', () => {
  it('writes each frame whole when no chunking is asked for', async () => {
    const delivery = createDelivery()
    delivery.write('data: 1\n\n')
    delivery.write('data: 2\n\n')
    delivery.close()
    expect((await chunksOf(delivery.body)).map((c) => Buffer.from(c).toString())).toEqual([
      'data: 1\n\n',
      'data: 2\n\n',
    ])
  })

  it('cuts the byte stream every n bytes across frames, splitting multi-byte characters', async () => {
    const delivery = createDelivery({ size: 3 })
    delivery.write('ab😀c')
    delivery.write('de')
    delivery.close()
    const chunks = await chunksOf(delivery.body)
    // Cuts fall at bytes 3, 6 and 9 of the whole body; a frame boundary is a write boundary too.
    expect(chunks.map((c) => c.length)).toEqual([3, 3, 1, 2])
    expect(text(chunks)).toBe('ab😀cde')
  })

  it('cuts at absolute offsets and waits between writes', async () => {
    const delivery = createDelivery({ at: [1, 5], delayMs: 10 })
    const started = Date.now()
    delivery.write('hello world')
    delivery.close()
    const chunks = await chunksOf(delivery.body)
    expect(chunks.map((c) => Buffer.from(c).toString())).toEqual(['h', 'ello', ' world'])
    expect(Date.now() - started).toBeGreaterThanOrEqual(18)
  })

  it('hangs: nothing after the hang is written and the stream stays open until aborted', async () => {
    const delivery = createDelivery()
    delivery.write('a')
    delivery.hang()
    delivery.write('b')
    delivery.close()
    const reader = delivery.body.getReader()
    expect(Buffer.from((await reader.read()).value ?? []).toString()).toBe('a')
    const pending = reader.read()
    const raced = await Promise.race([pending, new Promise((r) => setTimeout(() => r('open'), 20))])
    expect(raced).toBe('open')
    delivery.abort()
    await expect(pending).rejects.toThrow('connection destroyed')
  })

  it('destroys the stream after what was queued, like a dropped socket', async () => {
    const delivery = createDelivery()
    delivery.write('a')
    delivery.destroy()
    const reader = delivery.body.getReader()
    expect((await reader.read()).value?.length).toBe(1)
    await expect(reader.read()).rejects.toThrow('connection destroyed')
  })

  it('reports the reader leaving', async () => {
    let cancelled = false
    const delivery = createDelivery({}, () => {
      cancelled = true
    })
    await delivery.body.cancel()
    expect(delivery.attached).toBe(false)
    expect(cancelled).toBe(true)
    delivery.write('ignored')
  })
})
