/**
 * A visitor's recording for `POST /api/audio`, read as it streams like an upload (validation/upload.ts):
 * one multipart part `file`, of a kind Dify's `/audio-to-text` takes, whose first bytes look like
 * that kind, and at most Dify's 30 MB. Dify compares the part's Content-Type literally with
 * `audio/{mp3,m4a,wav,amr,mpga}` (dify-api.md Part 2 §K), so the browser's names for the same kinds
 * are forwarded under Dify's.
 */
import { MultipartError, readMultipart } from '@parley/shared/multipart'
import type { UploadSource } from '../dify/upload-body.ts'
import { badRequest, RequestError } from './request-error.ts'
import { partStream } from './upload.ts'

const FORM_OVERHEAD = 64 * 1024
const MULTIPART = 'Send the recording as multipart/form-data in a field named "file".'
const ONE_FILE = 'Send exactly one recording in a multipart field named "file".'
const UNSUPPORTED = 'Send the recording as wav, mp3, m4a or amr audio.'

/** The browser's media type (lower case, no parameters) → the one Dify accepts. */
const DIFY_TYPE: Readonly<Record<string, DifyAudioType>> = {
  'audio/wav': 'audio/wav',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/mpeg': 'audio/mp3',
  'audio/mp3': 'audio/mp3',
  'audio/mpga': 'audio/mpga',
  'audio/mp4': 'audio/m4a',
  'audio/m4a': 'audio/m4a',
  'audio/x-m4a': 'audio/m4a',
  'audio/amr': 'audio/amr',
}

type DifyAudioType = 'audio/wav' | 'audio/mp3' | 'audio/mpga' | 'audio/m4a' | 'audio/amr'

/** Bytes the sniff looks at; a shorter recording is refused (no real one is that short). */
const SNIFF_BYTES = 12

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  [...text].every((ch, i) => bytes[at + i] === ch.charCodeAt(0))

/** An MPEG audio frame header: 11 sync bits, then a version and layer that are not "reserved". */
const mpegFrame = (b: Uint8Array) =>
  b[0] === 0xff &&
  ((b[1] ?? 0) & 0xe0) === 0xe0 &&
  ((b[1] ?? 0) & 0x18) !== 0x08 &&
  ((b[1] ?? 0) & 0x06) !== 0

/** Whether the recording's first bytes are those of its declared kind (a renamed file is not). */
export function looksLike(type: DifyAudioType, head: Uint8Array): boolean {
  if (head.byteLength < SNIFF_BYTES) return false
  switch (type) {
    case 'audio/wav':
      return ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')
    case 'audio/mp3':
    case 'audio/mpga':
      return ascii(head, 0, 'ID3') || mpegFrame(head)
    case 'audio/m4a':
      return ascii(head, 4, 'ftyp')
    case 'audio/amr':
      return ascii(head, 0, '#!AMR')
  }
}

/** Dify's name for `contentType`, or null when Dify's `/audio-to-text` would not take it. */
export function difyAudioType(contentType: string): DifyAudioType | null {
  const bare = contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  return Object.hasOwn(DIFY_TYPE, bare) ? (DIFY_TYPE[bare] ?? null) : null
}

export interface Recording {
  /** Streams the recording (under Dify's media type) as it is read. */
  file: UploadSource
  /** Why its stream broke off, once it has: the visitor's answer (413 or 400). */
  failure(): RequestError | undefined
}

const unsupported = () => new RequestError('unsupported_media_type', UNSUPPORTED)
const tooLarge = (maxBytes: number) =>
  new RequestError(
    'payload_too_large',
    `The recording is larger than ${maxBytes / 1024 / 1024} MB.`,
  )

function toRequestError(error: unknown, maxBytes: number): RequestError {
  if (error instanceof RequestError) return error
  if (error instanceof MultipartError) {
    return error.reason === 'too_large' ? tooLarge(maxBytes) : badRequest(ONE_FILE)
  }
  return badRequest('The upload ended before the recording did.')
}

/** Opens the recording in `request`, or refuses it (RequestError) before Dify hears of it. */
export async function openRecording(request: Request, maxBytes: number): Promise<Recording> {
  const contentType = request.headers.get('content-type') ?? ''
  if (!contentType.startsWith('multipart/form-data') || !request.body) throw badRequest(MULTIPART)
  const maxBodyBytes = maxBytes + FORM_OVERHEAD
  // A declared length over the limit is refused unread.
  if (Number(request.headers.get('content-length') ?? 0) > maxBodyBytes) throw tooLarge(maxBytes)

  const reader = readMultipart(request.body, contentType, { maxBodyBytes })
  let name: string
  let type: DifyAudioType
  const head: Uint8Array[] = []
  let headBytes = 0
  try {
    const part = await reader.nextPart()
    if (part?.name !== 'file' || part.filename === undefined) throw badRequest(ONE_FILE)
    const known = difyAudioType(part.contentType)
    if (!known) throw unsupported()
    type = known
    name = part.filename.replace(/[\\/]/g, '_') || 'recording'
    while (headBytes < SNIFF_BYTES) {
      const bytes = await reader.read()
      if (!bytes) break
      head.push(bytes)
      headBytes += bytes.byteLength
    }
    if (!looksLike(type, concat(head, headBytes))) throw unsupported()
    if (headBytes > maxBytes) throw tooLarge(maxBytes)
  } catch (error) {
    await reader.cancel().catch(() => undefined)
    throw toRequestError(error, maxBytes)
  }

  let failure: RequestError | undefined
  const fail = (error: unknown) => {
    failure ??= toRequestError(error, maxBytes)
    return failure
  }
  // The sniffed bytes first, then the rest of the part.
  const content = partStream(reader, maxBytes, fail, tooLarge, head)
  return { file: { name, type, stream: () => content }, failure: () => failure }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const all = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    all.set(chunk, at)
    at += chunk.byteLength
  }
  return all
}
