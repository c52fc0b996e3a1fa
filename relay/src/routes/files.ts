/**
 * `POST /files`: a visitor's upload, checked against the app's settings, then streamed through to
 * Dify as it arrives — never held whole — with a few uploads at once per session.
 */
import type { UploadedFile } from '@parley/shared'
import { Hono } from 'hono'
import { fileRules } from '../dify/app-info.ts'
import type { AppEnv } from '../types.ts'
import { badRequest } from '../validation/request-error.ts'
import { openUpload } from '../validation/upload.ts'
import { routeErrors } from './route-errors.ts'
import { withUploadSlot } from './upload-slots.ts'

const NO_FILES = 'This assistant does not accept files.'

export const fileRoutes = new Hono<AppEnv>()

fileRoutes.onError(routeErrors)

fileRoutes.post('/files', async (c) => {
  const dify = c.get('dify')
  const visitor = c.get('visitor')
  const rules = fileRules(await dify.parameters())
  if (!rules.enabled) throw badRequest(NO_FILES)
  return withUploadSlot(c, async () => {
    const upload = await openUpload(c.req.raw, rules)
    const uploaded = await dify.uploadFile(upload.file, visitor).catch((err: unknown) => {
      // The visitor's stream stopped the upload (too large, a second part): that is the answer.
      throw upload.failure() ?? err
    })
    const body: UploadedFile = {
      id: uploaded.id,
      name: uploaded.name,
      size: uploaded.size,
      mimeType: uploaded.mime_type,
      type: upload.type,
    }
    return c.json(body, 201)
  })
})
