/**
 * Which Dify file type a file counts as, by its name: Dify's own extension lists (api/constants)
 * decide its type and so its size limit. The relay checks every upload with this; the widget checks
 * a file the same way before uploading it.
 */
import type { FileUploadFeature } from './protocol.ts'

export const FILE_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  image: ['jpg', 'jpeg', 'png', 'webp', 'gif', 'svg'],
  video: ['mp4', 'mov', 'mpeg', 'webm'],
  audio: ['mp3', 'm4a', 'wav', 'amr', 'mpga'],
  document: [
    'txt',
    'markdown',
    'md',
    'mdx',
    'pdf',
    'html',
    'htm',
    'xlsx',
    'xls',
    'vtt',
    'properties',
    'doc',
    'docx',
    'csv',
    'eml',
    'msg',
    'pptx',
    'ppt',
    'xml',
    'epub',
  ],
}

/** `report.PDF` → `pdf`; '' without one. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase()
}

/** The Dify type a file named `name` counts as under the app's rules, or null when it refuses it. */
export function uploadTypeFor(
  name: string,
  rules: Pick<FileUploadFeature, 'types' | 'extensions'>,
): string | null {
  const ext = extensionOf(name)
  for (const type of ['image', 'video', 'audio', 'document']) {
    if (rules.types.includes(type) && FILE_EXTENSIONS[type]?.includes(ext)) return type
  }
  if (rules.types.includes('custom') && ext !== '') {
    if (rules.extensions.length === 0 || rules.extensions.includes(`.${ext}`)) return 'custom'
  }
  return null
}
