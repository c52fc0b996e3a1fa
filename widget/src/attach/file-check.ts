/**
 * What the app's upload settings say of a file before it is uploaded (the relay checks again):
 * its Dify type, or why it is refused.
 */
import { FILE_EXTENSIONS, type FileUploadFeature, uploadTypeFor } from '@parley/shared'

export type Refusal = { kind: 'type' } | { kind: 'size'; maxMb: number }

export function checkFile(
  file: { name: string; size: number },
  rules: Pick<FileUploadFeature, 'types' | 'extensions' | 'maxBytes'>,
): { type: string } | Refusal {
  const type = uploadTypeFor(file.name, rules)
  if (!type) return { kind: 'type' }
  const max = rules.maxBytes[type]
  if (max !== undefined && file.size > max)
    return { kind: 'size', maxMb: Math.floor(max / 2 ** 20) }
  return { type }
}

/** The picker's `accept`: the extensions the app takes ('' when it takes any custom file). */
export function acceptList(rules: Pick<FileUploadFeature, 'types' | 'extensions'>): string {
  if (rules.types.includes('custom') && rules.extensions.length === 0) return ''
  const exts = ['image', 'video', 'audio', 'document']
    .filter((t) => rules.types.includes(t))
    .flatMap((t) => (FILE_EXTENSIONS[t] ?? []).map((e) => `.${e}`))
  return [...exts, ...(rules.types.includes('custom') ? rules.extensions : [])].join(',')
}
