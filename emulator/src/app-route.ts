/** App-level endpoints: `/parameters`, `/info`, `/site`, `/meta` and `POST /files/upload`. */
import { Hono } from 'hono'
import { fileSizeLimitMb, infoBody, parametersBody, siteBody } from './app-settings.ts'
import type { EmulatorContext } from './context.ts'
import type { FormEntry, FormEnv, FormFile } from './form-summary.ts'
import { DifyError, userFrom } from './http.ts'
import type { UploadedFileRecord } from './state.ts'
import { newId, nowSeconds } from './state.ts'

const TENANT_ID = '9e5f6a1b-0000-4000-8000-000000000003'

/** Werkzeug's `request.files` / `request.form` of an upload, from the form the emulator read. */
function uploadedFile(form: FormEntry[] | undefined): { file: FormFile; user: string } {
  if (!form) throw new DifyError(400, 'no_file_uploaded', 'Please upload your file.')
  const files = form.filter((entry) => 'file' in entry)
  if (files.length > 1) throw new DifyError(400, 'too_many_files', 'Only one file is allowed.')
  const first = form.find((entry) => entry.field === 'file')
  if (!first || !('file' in first)) {
    throw new DifyError(400, 'no_file_uploaded', 'Please upload your file.')
  }
  const user = form.find((entry) => entry.field === 'user')
  return { file: first.file, user: userFrom(user && 'value' in user ? user.value : null, false) }
}

function checkFile(file: FormFile): string {
  if (!file.name) {
    throw new DifyError(400, 'filename_not_exists_error', 'The specified filename does not exist.')
  }
  if (/[/\\]/.test(file.name))
    throw new DifyError(400, 'invalid_param', 'Filename contains invalid characters')
  if (!file.type) throw new DifyError(415, 'unsupported_file_type', 'File type not allowed.')
  const extension = file.name.includes('.') ? (file.name.split('.').pop() ?? '').toLowerCase() : ''
  const limitMb = fileSizeLimitMb(extension)
  if (file.size > limitMb * 1024 * 1024) {
    const sizeMb = (file.size / 1024 / 1024).toFixed(2)
    throw new DifyError(413, 'file_too_large', `File size exceeded. ${sizeMb} MB > ${limitMb} MB`)
  }
  return extension
}

export function appRoutes(ctx: EmulatorContext): Hono<FormEnv> {
  const app = new Hono<FormEnv>()

  app.get('/parameters', (c) => c.json(parametersBody(ctx.app)))
  app.get('/info', (c) => c.json(infoBody(ctx.app, ctx.mode)))
  app.get('/meta', (c) => c.json({ tool_icons: {} }))
  app.get('/site', (c) => {
    if (ctx.app.siteTitle === null) throw new DifyError(403, 'forbidden', 'Site not found.')
    return c.json(siteBody(ctx.app, ctx.app.siteTitle))
  })

  app.post('/files/upload', async (c) => {
    const { file, user } = uploadedFile(c.env.form)
    const extension = checkFile(file)
    const record: UploadedFileRecord = {
      id: newId(),
      user,
      name: file.name,
      size: file.size,
      extension,
      mimeType: file.type,
      createdAt: nowSeconds(),
    }
    ctx.state.files.set(record.id, record)
    const signed = `/files/${record.id}/file-preview?timestamp=${record.createdAt}&nonce=emulated&sign=emulated`
    return c.json(
      {
        id: record.id,
        name: record.name,
        size: record.size,
        extension,
        mime_type: record.mimeType,
        created_by: user,
        created_at: record.createdAt,
        preview_url: null,
        source_url: signed,
        original_url: null,
        user_id: null,
        tenant_id: TENANT_ID,
        conversation_id: null,
        file_key: `upload_files/${TENANT_ID}/${record.id}.${extension}`,
      },
      201,
    )
  })

  return app
}
