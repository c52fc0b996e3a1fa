/**
 * A multipart body read part by part, pulled from its stream only as fast as the parts' bytes are
 * read, so a large file passes through without ever being held whole. multipasta does the parsing;
 * this adds the pull (multipasta's own web adapter reads ahead of its reader without bound) and a
 * lenient reading of names its grammar misses. Web streams only: every runtime.
 */
import * as Multipasta from 'multipasta'

export interface PartHead {
  /** The form field's name; '' when the part names none. */
  name: string
  /** Set (possibly '') on a file part; undefined on a text field. */
  filename: string | undefined
  /** The part's media type; '' when it has no Content-Type. */
  contentType: string
}

/** A body that is not well-formed multipart, or that passes `maxBodyBytes`. */
export class MultipartError extends Error {
  override readonly name = 'MultipartError'
  readonly reason: 'malformed' | 'too_large'

  constructor(reason: 'malformed' | 'too_large', detail: string) {
    super(detail)
    this.reason = reason
  }
}

export interface MultipartReader {
  /** The next part's head, skipping what is left of the current part; null after the last part. */
  nextPart(): Promise<PartHead | null>
  /** The current part's next bytes; null at its end. */
  read(): Promise<Uint8Array | null>
  /** Stops reading the body. */
  cancel(reason?: unknown): Promise<void>
}

type ParseEvent =
  | { kind: 'part'; head: PartHead }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'end' }

export function readMultipart(
  body: ReadableStream<Uint8Array>,
  contentType: string,
  limits: { maxBodyBytes: number },
): MultipartReader {
  const source = body.getReader()
  // What parsing the last chunk produced; the next chunk is read only once these are taken.
  const events: ParseEvent[] = []
  let failure: MultipartError | undefined
  let closed = false
  let ended = false
  let inPart = false

  const parser = Multipasta.make({
    headers: { 'content-type': contentType },
    // Every part streams, text fields too: nothing here collects a part whole.
    isFile: () => true,
    maxTotalSize: limits.maxBodyBytes,
    onFile(info) {
      events.push({ kind: 'part', head: headOf(info) })
      return (chunk) =>
        events.push(chunk === null ? { kind: 'end' } : { kind: 'bytes', bytes: chunk })
    },
    onField() {},
    onError(error) {
      failure ??= toMultipartError(error)
    },
    onDone() {
      closed = true
    },
  })

  async function next(): Promise<ParseEvent | null> {
    for (;;) {
      if (failure) throw failure
      const event = events.shift()
      if (event) return event
      if (closed || ended) return null
      const { done, value } = await source.read()
      if (done) {
        ended = true
        parser.end()
        failure ??= closed ? undefined : new MultipartError('malformed', 'The body ended early.')
      } else {
        parser.write(value)
      }
    }
  }

  return {
    async nextPart() {
      for (let event = await next(); event; event = await next()) {
        if (event.kind === 'part') {
          inPart = true
          return event.head
        }
      }
      inPart = false
      return null
    },
    async read() {
      if (!inPart) return null
      const event = await next()
      if (event?.kind === 'bytes') return event.bytes
      // multipasta ends a part before it starts the next one, so this is the part's end.
      inPart = false
      return null
    },
    cancel: (reason) => source.cancel(reason),
  }
}

function toMultipartError(error: Multipasta.MultipartError): MultipartError {
  if (error._tag === 'ReachedLimit' && error.limit === 'MaxTotalSize') {
    return new MultipartError('too_large', 'The body is larger than allowed.')
  }
  return new MultipartError('malformed', `Not a multipart body (${error._tag}).`)
}

function headerOf(info: Multipasta.PartInfo, name: string): string | undefined {
  const value = info.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function headOf(info: Multipasta.PartInfo): PartHead {
  const contentType = headerOf(info, 'content-type') === undefined ? '' : info.contentType
  const disposition = headerOf(info, 'content-disposition')
  // multipasta's parameter grammar ends at U+00FF, so a file name in raw UTF-8 (as browsers
  // send it: "日本.png") leaves the whole disposition unread. Its two parameters are read here.
  if (info.contentDisposition === '' && disposition !== undefined) {
    return { ...formDataParams(disposition), contentType }
  }
  return { name: info.name, filename: info.filename, contentType }
}

const PARAM = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g

function formDataParams(disposition: string): { name: string; filename: string | undefined } {
  if (!/^\s*form-data\s*;/i.test(disposition)) return { name: '', filename: undefined }
  const params = new Map<string, string>()
  for (const [, key = '', quoted, token = ''] of disposition.matchAll(PARAM)) {
    params.set(
      key.toLowerCase(),
      quoted === undefined ? token.trim() : quoted.replace(/\\(.)/g, '$1'),
    )
  }
  return { name: params.get('name') ?? '', filename: params.get('filename') }
}
