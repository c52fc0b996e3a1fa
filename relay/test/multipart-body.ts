/** Multipart upload bodies generated as they are read, the way a browser streams a large file. */

export interface MultipartStreamOptions {
  /** The file part's name. */
  filename: string
  /** Its Content-Type; none when omitted. */
  type?: string
  /** How many file bytes to send. */
  bytes: number
  field?: string
  chunkBytes?: number
  /** A second part after the file, e.g. another file. */
  after?: string
  /** The file's first bytes (e.g. a format's magic); the rest are `a`s. */
  prefix?: Uint8Array
  /** Sends the part's head and this many file bytes, then nothing more (the stream stays open). */
  hangAfter?: number
}

export interface MultipartStream {
  body: ReadableStream<Uint8Array>
  contentType: string
  /** File bytes handed out so far. */
  readonly pulled: number
  /** Whether the reader cancelled the stream. */
  readonly cancelled: boolean
}

/** A multipart body whose file bytes are made as they are read: no large array is ever held. */
export function multipartStream(options: MultipartStreamOptions): MultipartStream {
  const { filename, type, bytes, field = 'file', chunkBytes = 64 * 1024 } = options
  const boundary = `----test-${Math.random().toString(16).slice(2)}`
  const encoder = new TextEncoder()
  const state = { pulled: 0, cancelled: false }
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
    `${type === undefined ? '' : `Content-Type: ${type}\r\n`}\r\n`
  const after = options.after === undefined ? '' : `\r\n--${boundary}\r\n${options.after}`
  const tail = `${after}\r\n--${boundary}--\r\n`
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(head))
    },
    pull(controller) {
      if (state.pulled === options.hangAfter) return new Promise<void>(() => {})
      if (state.pulled === bytes) {
        controller.enqueue(encoder.encode(tail))
        controller.close()
        return undefined
      }
      const size = Math.min(chunkBytes, bytes - state.pulled)
      const chunk = new Uint8Array(size).fill(0x61)
      if (state.pulled === 0 && options.prefix) chunk.set(options.prefix.subarray(0, size))
      state.pulled += size
      controller.enqueue(chunk)
      return undefined
    },
    cancel() {
      state.cancelled = true
    },
  })
  return {
    body,
    contentType: `multipart/form-data; boundary=${boundary}`,
    get pulled() {
      return state.pulled
    },
    get cancelled() {
      return state.cancelled
    },
  }
}

/** A POST whose multipart body streams with no Content-Length (chunked), as a browser sends a large file. */
export function streamed(body: MultipartStream): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': body.contentType },
    body: body.body,
    duplex: 'half',
  }
}
