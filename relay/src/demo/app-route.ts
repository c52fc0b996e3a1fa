/** App-level endpoints: `/parameters`, `/info`, `/site`, `/meta` and `POST /files/upload`. */
import { Hono } from 'hono'
import { fileSizeLimitMb, infoBody, parametersBody, siteBody } from './app-settings.ts'
import type { EmulatorContext } from './context.ts'
import { DifyError, userFrom } from './http.ts'
import type { UploadedFileRecord } from './state.ts'
import { newId, nowSeconds } from './state.ts'

type FormFile = Exclude<ReturnType<FormData['get']>, string | null>

const TENANT_ID = '9e5f6a1b-0000-4000-8000-000000000003'

async function uploadedFile(request: Request): Promise<{ file: FormFile; user: string }> {
  const type = request.headers.get('content-type') ?? ''
  if (!type.toLowerCase().startsWith('multipart/form-data')) {
    throw new DifyError(400, 'no_file_uploaded', 'Please upload your file.')
  }
  const form = await request.formData()
  const files = [...form.values()].filter((value) => typeof value !== 'string')
  const file = form.get('file')
  if (files.length > 1) throw new DifyError(400, 'too_many_files', 'Only one file is allowed.')
  if (!file || typeof file === 'string') {
    throw new DifyError(400, 'no_file_uploaded', 'Please upload your file.')
  }
  return { file, user: userFrom(form.get('user'), false) }
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

export function appRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono()

  app.get('/parameters', (c) => c.json(parametersBody(ctx.app)))
  app.get('/info', (c) => c.json(infoBody(ctx.app, ctx.mode)))
  app.get('/meta', (c) => c.json({ tool_icons: {} }))
  app.get('/site', (c) => {
    if (ctx.app.siteTitle === null) throw new DifyError(403, 'forbidden', 'Site not found.')
    return c.json(siteBody(ctx.app, ctx.app.siteTitle))
  })

  app.post('/files/upload', async (c) => {
    const { file, user } = await uploadedFile(c.req.raw)
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
