/** `POST /files`: a visitor's upload, checked against the app's settings, then forwarded to Dify. */
import type { UploadedFile } from '@parley/shared'
import { Hono } from 'hono'
import { fileRules } from '../dify/app-info.ts'
import { bodyLimit } from '../middleware/body-limit.ts'
import type { AppEnv } from '../types.ts'
import { checkUpload } from '../validation/files.ts'
import { badRequest } from '../validation/request-error.ts'
import { routeErrors, tooLarge } from './route-errors.ts'

// Room for the multipart framing around the largest file the app accepts.
const FORM_OVERHEAD = 64 * 1024
const NO_FILES = 'This assistant does not accept files.'

export const fileRoutes = new Hono<AppEnv>()

fileRoutes.onError(routeErrors)

fileRoutes.post(
  '/files',
  async (c, next) => {
    const rules = fileRules(await c.get('dify').parameters())
    if (!rules.enabled) throw badRequest(NO_FILES)
    const maxSize = Math.max(...Object.values(rules.maxBytes)) + FORM_OVERHEAD
    return bodyLimit({ maxSize, onError: tooLarge('The file') })(c, next)
  },
  async (c) => {
    const dify = c.get('dify')
    const rules = fileRules(await dify.parameters())
    if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
      throw badRequest('Send the file as multipart/form-data in a field named "file".')
    }
    const form = await c.req.formData().catch(() => null)
    const parts = form?.getAll('file') ?? []
    const part = parts[0]
    if (parts.length !== 1 || !(part instanceof File)) {
      throw badRequest('Send exactly one file in a multipart field named "file".')
    }
    const type = checkUpload(part, rules)
    // Dify refuses a part without a mimetype (415).
    const file = part.type
      ? part
      : new File([part], part.name, { type: 'application/octet-stream' })
    const uploaded = await dify.uploadFile(file, c.get('visitor'))
    const body: UploadedFile = {
      id: uploaded.id,
      name: uploaded.name,
      size: uploaded.size,
      mimeType: uploaded.mime_type,
      type,
    }
    return c.json(body, 201)
  },
)
