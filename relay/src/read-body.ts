/**
 * Reading a whole body (a Dify answer, a small request) with a ceiling. Counted after decompression,
 * so a small gzip body that inflates to gigabytes is cut at the ceiling; the rest is never read (the
 * stream is cancelled).
 */

/** The body went past `limit` bytes; `limit` names the ceiling for the log line. */
export class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge'
  readonly limit: number

  constructor(limit: number) {
    super(`body over ${limit} bytes`)
    this.limit = limit
  }
}

/** The body's text, or `BodyTooLarge` once more than `limit` bytes have come (or are announced). */
export async function readTextCapped(
  res: { headers: Headers; body: ReadableStream<Uint8Array> | null },
  limit: number,
): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN)
  if (declared > limit) {
    await res.body?.cancel().catch(() => undefined)
    throw new BodyTooLarge(limit)
  }
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > limit) throw new BodyTooLarge(limit)
      chunks.push(value)
    }
  } finally {
    await reader.cancel().catch(() => undefined)
  }
  const bytes = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return new TextDecoder().decode(bytes)
}
