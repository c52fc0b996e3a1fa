import { describe, expect, it } from 'vitest'
import { MultipartError, type MultipartReader, readMultipart } from './multipart.ts'

const BOUNDARY = 'xYz'
const TYPE = `multipart/form-data; boundary=${BOUNDARY}`
const encoder = new TextEncoder()

/** `text` as a stream of `size`-byte chunks, counting how many were pulled. */
function chunked(text: string, size: number) {
  const bytes = encoder.encode(text)
  let offset = 0
  const state = { pulls: 0 }
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.length) return controller.close()
        state.pulls++
        controller.enqueue(bytes.slice(offset, offset + size))
        offset += size
      },
    },
    { highWaterMark: 0 },
  )
  return { body, state }
}

const part = (disposition: string, content: string, type?: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n` +
  `${type ? `Content-Type: ${type}\r\n` : ''}\r\n${content}\r\n`
const end = `--${BOUNDARY}--\r\n`

async function readAll(reader: MultipartReader) {
  const parts: { name: string; filename?: string; contentType: string; text: string }[] = []
  const decoder = new TextDecoder()
  for (let head = await reader.nextPart(); head; head = await reader.nextPart()) {
    let text = ''
    for (let bytes = await reader.read(); bytes; bytes = await reader.read()) {
      text += decoder.decode(bytes, { stream: true })
    }
    parts.push({ ...head, filename: head.filename, text })
  }
  return parts
}

describe('readMultipart', () => {
  it('reads every part in order, however the body is split', async () => {
    const body =
      part('form-data; name="file"; filename="a.png"', 'PNG\r\n--not-a-boundary', 'image/png') +
      part('form-data; name="user"', 'visitor-1') +
      end
    for (const size of [1, 7, 64, body.length]) {
      const reader = readMultipart(chunked(body, size).body, TYPE, { maxBodyBytes: 10_000 })
      expect(await readAll(reader)).toEqual([
        {
          name: 'file',
          filename: 'a.png',
          contentType: 'image/png',
          text: 'PNG\r\n--not-a-boundary',
        },
        { name: 'user', filename: undefined, contentType: '', text: 'visitor-1' },
      ])
    }
  })

  it('reads the body only as far as the reader has asked', async () => {
    const file = 'x'.repeat(100_000)
    const { body, state } = chunked(
      part('form-data; name="file"; filename="a.txt"', file) + end,
      1000,
    )
    const reader = readMultipart(body, TYPE, { maxBodyBytes: 1_000_000 })
    await reader.nextPart()
    await reader.read()
    expect(state.pulls).toBeLessThanOrEqual(2)
  })

  it('keeps a file name in raw UTF-8, as browsers send it', async () => {
    const body = part('form-data; name="file"; filename="日本 \\"猫\\".png"', 'x') + end
    const reader = readMultipart(chunked(body, 16).body, TYPE, { maxBodyBytes: 10_000 })
    expect(await reader.nextPart()).toEqual({
      name: 'file',
      filename: '日本 "猫".png',
      contentType: '',
    })
  })

  it('fails on a body that is not multipart, ends early, or passes the limit', async () => {
    const file = part('form-data; name="file"; filename="a.txt"', 'x'.repeat(5000)) + end
    const cases: [string, string, number, string][] = [
      ['multipart/form-data', file, 10_000, 'malformed'],
      [TYPE, file.slice(0, 200), 10_000, 'malformed'],
      [TYPE, '', 10_000, 'malformed'],
      [TYPE, file, 1000, 'too_large'],
    ]
    for (const [type, body, maxBodyBytes, reason] of cases) {
      const reader = readMultipart(chunked(body, 100).body, type, { maxBodyBytes })
      const error = await readAll(reader).catch((err: unknown) => err)
      expect(error).toBeInstanceOf(MultipartError)
      expect((error as MultipartError).reason).toBe(reason)
    }
  })
})
