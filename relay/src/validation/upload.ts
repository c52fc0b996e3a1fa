/**
 * The visitor's upload, read as it streams: the body's first part must be the file field `file`,
 * and its name is checked before Dify hears of it; its size is counted while its bytes pass.
 */

import { MultipartError, type MultipartReader, readMultipart } from '@parley/shared/multipart'
import type { FileRules } from '../dify/app-info.ts'
import type { UploadSource } from '../dify/upload-body.ts'
import { checkUpload, fileTooLarge } from './files.ts'
import { badRequest, RequestError } from './request-error.ts'

// Room for the multipart framing around the largest file the app accepts.
const FORM_OVERHEAD = 64 * 1024
const MULTIPART = 'Send the file as multipart/form-data in a field named "file".'
const ONE_FILE = 'Send exactly one file in a multipart field named "file".'

export interface Upload {
  /** Streams the file from the visitor's body as it is read. */
  file: UploadSource
  /** Its Dify type: image, document, … */
  type: string
  /** Why the file's stream broke off, once it has: the visitor's answer (413 or 400). */
  failure(): RequestError | undefined
}

const tooLarge = () => new RequestError('payload_too_large', 'The file is too large.')

function toRequestError(error: unknown): RequestError {
  if (error instanceof RequestError) return error
  if (error instanceof MultipartError) {
    return error.reason === 'too_large' ? tooLarge() : badRequest(ONE_FILE)
  }
  // The visitor's connection broke off mid-body.
  return badRequest('The upload ended before the file did.')
}

/** Opens the upload in `request`, or refuses it (RequestError) before anything is sent. */
export async function openUpload(request: Request, rules: FileRules): Promise<Upload> {
  const contentType = request.headers.get('content-type') ?? ''
  if (!contentType.startsWith('multipart/form-data') || !request.body) throw badRequest(MULTIPART)
  const maxBodyBytes = Math.max(...Object.values(rules.maxBytes)) + FORM_OVERHEAD
  // A declared length over every limit is refused unread.
  if (Number(request.headers.get('content-length') ?? 0) > maxBodyBytes) throw tooLarge()

  const reader = readMultipart(request.body, contentType, { maxBodyBytes })
  let type: string
  let filename: string
  let mediaType: string
  try {
    // The widget sends the file as the one and only field; nothing else is looked for.
    const head = await reader.nextPart()
    if (head?.name !== 'file' || head.filename === undefined) throw badRequest(ONE_FILE)
    type = checkUpload(head.filename, rules)
    filename = head.filename
    mediaType = head.contentType
  } catch (error) {
    await reader.cancel().catch(() => undefined)
    throw toRequestError(error)
  }

  let failure: RequestError | undefined
  const content = partStream(reader, rules.maxBytes[type] ?? 0, (error) => {
    failure ??= toRequestError(error)
    return failure
  })
  return {
    file: { name: filename, type: mediaType, stream: () => content },
    type,
    failure: () => failure,
  }
}

/**
 * The current part's bytes (after `head`, bytes already read from it), erroring past `maxBytes`
 * (with `tooLarge`) or on a part after it.
 */
export function partStream(
  reader: MultipartReader,
  maxBytes: number,
  fail: (error: unknown) => RequestError,
  tooLarge: (maxBytes: number) => RequestError = fileTooLarge,
  head: Uint8Array[] = [],
): ReadableStream<Uint8Array> {
  let received = head.reduce((sum, bytes) => sum + bytes.byteLength, 0)
  const pending = [...head]
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const first = pending.shift()
        if (first) {
          controller.enqueue(first)
          return
        }
        try {
          const bytes = await reader.read().catch((error: unknown) => {
            // The body may pass its limit (largest file + framing) mid-file: the file is too large.
            const body = error instanceof MultipartError && error.reason === 'too_large'
            throw body ? tooLarge(maxBytes) : error
          })
          if (bytes) {
            received += bytes.byteLength
            if (received > maxBytes) throw tooLarge(maxBytes)
            controller.enqueue(bytes)
          } else if (await reader.nextPart()) {
            throw badRequest(ONE_FILE)
          } else {
            controller.close()
          }
        } catch (error) {
          const reason = fail(error)
          controller.error(reason)
          await reader.cancel(reason).catch(() => undefined)
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    // Read from the visitor only as fast as Dify takes it.
    { highWaterMark: 0 },
  )
}
