/** Files a visitor attaches or uploads, checked against the app's upload settings before Dify sees them. */
import { uploadTypeFor } from '@parley/shared'
import type { FileRules } from '../dify/app-info.ts'
import type { DifyFileRef } from '../dify/types.ts'
import { isUuid } from './ids.ts'
import { badRequest, RequestError } from './request-error.ts'

const FILE_TYPES = new Set(['image', 'document', 'audio', 'video', 'custom'])

/**
 * Checks an upload's name before anything is forwarded; returns its Dify type. Its size is
 * checked while it streams, against `rules.maxBytes[type]` (see `fileTooLarge`).
 */
export function checkUpload(name: string, rules: FileRules): string {
  if (!rules.enabled) throw badRequest('This assistant does not accept files.')
  if (name === '' || /[\\/]/.test(name)) throw badRequest('The file needs a plain file name.')
  const type = uploadTypeFor(name, rules)
  if (!type) {
    const allowed = [...rules.types.filter((t) => t !== 'custom'), ...rules.extensions].join(', ')
    throw badRequest(`This file type is not accepted here. Allowed: ${allowed}.`)
  }
  return type
}

/** The refusal of a file that went past `maxBytes`. */
export function fileTooLarge(maxBytes: number): RequestError {
  return new RequestError(
    'payload_too_large',
    `The file is larger than ${Math.floor(maxBytes / 1024 / 1024)} MB.`,
  )
}

/** One widget `ChatFile` (an upload; never a remote URL) → Dify's shape; `where` names it in errors. */
export function toDifyFile(value: unknown, where: string): DifyFileRef {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`${where} must be an object.`)
  }
  const f = value as Record<string, unknown>
  if (typeof f.type !== 'string' || !FILE_TYPES.has(f.type)) {
    throw badRequest(`${where}.type must be one of ${[...FILE_TYPES].join(', ')}.`)
  }
  if (f.transferMethod === 'local_file') {
    if (!isUuid(f.uploadFileId))
      throw badRequest(`${where}.uploadFileId must be an id from POST /api/files.`)
    return { type: f.type, transfer_method: 'local_file', upload_file_id: f.uploadFileId }
  }
  if (f.transferMethod === 'remote_url') {
    // Dify would fetch the URL itself, from inside the owner's network (dify-api.md Part 2 §J).
    throw badRequest(
      `${where}: remote URLs are not accepted. Upload the file through POST /api/files first, then send its uploadFileId.`,
    )
  }
  throw badRequest(`${where}.transferMethod must be "local_file" (upload through POST /api/files).`)
}

/** The message's `files`, against the app's upload settings (Dify would drop them silently). */
export function toDifyFiles(value: unknown, rules: FileRules): DifyFileRef[] | undefined {
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) throw badRequest('files must be an array.')
  if (value.length === 0) return undefined
  if (!rules.enabled) throw badRequest('This assistant does not accept files.')
  if (value.length > rules.maxFiles)
    throw badRequest(`At most ${rules.maxFiles} files can be attached.`)
  return value.map((item, i) => {
    const file = toDifyFile(item, `files[${i}]`)
    if (!rules.types.includes(file.type)) {
      throw badRequest(`files[${i}]: ${file.type} files are not accepted here.`)
    }
    if (rules.methods.length > 0 && !rules.methods.includes(file.transfer_method)) {
      throw badRequest(`files[${i}]: ${file.transfer_method} files are not accepted here.`)
    }
    return file
  })
}
