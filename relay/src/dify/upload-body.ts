/**
 * The body of Dify's `POST /files/upload`, streamed: the `file` part as its bytes arrive, then the
 * `user` field. FormData would need the whole file first; the framing is a few lines of text.
 */

/** A file to upload: a `File`, or the visitor's upload on its way through. */
export interface UploadSource {
  readonly name: string
  /** Its media type; '' when unknown. */
  readonly type: string
  /** Its bytes; called once. */
  stream(): ReadableStream<Uint8Array>
}

export interface StreamedBody {
  stream: ReadableStream<Uint8Array>
  contentType: string
}

const MEDIA_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+$/

/** The HTML form encoding of a name in a quoted parameter, as browsers send it. */
function quoted(name: string): string {
  return name.replaceAll('"', '%22').replaceAll('\r', '%0D').replaceAll('\n', '%0A')
}

export function uploadBody(file: UploadSource, user: string): StreamedBody {
  const boundary = `----ParleyUpload${crypto.randomUUID().replaceAll('-', '')}`
  // Dify refuses a file part without a mimetype (415).
  const type = MEDIA_TYPE.test(file.type) ? file.type : 'application/octet-stream'
  const encoder = new TextEncoder()
  const disposition = `form-data; name="file"; filename="${quoted(file.name)}"`
  const head = encoder.encode(
    `--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${type}\r\n\r\n`,
  )
  const tail = encoder.encode(
    `\r\n--${boundary}\r\nContent-Disposition: form-data; name="user"\r\n\r\n${user}\r\n` +
      `--${boundary}--\r\n`,
  )
  const source = file.stream().getReader()
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(head)
      },
      async pull(controller) {
        const { done, value } = await source.read()
        if (!done) {
          controller.enqueue(value)
          return
        }
        controller.enqueue(tail)
        controller.close()
      },
      cancel: (reason) => source.cancel(reason),
    },
    // Nothing is read from the file before the request asks for it.
    { highWaterMark: 0 },
  )
  return { stream, contentType: `multipart/form-data; boundary=${boundary}` }
}
