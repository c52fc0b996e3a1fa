import { describe, expect, it } from 'vitest'
import { BASE_PARAMETERS, fakeDify, json, testApp, VISITOR } from '../../test/test-kit.ts'
import type { DifyParameters } from '../dify/types.ts'
import { fileRoutes } from './files.ts'

const WITH_UPLOADS: DifyParameters = {
  ...BASE_PARAMETERS,
  file_upload: {
    enabled: true,
    allowed_file_types: ['image', 'document'],
    allowed_file_upload_methods: ['local_file'],
    number_limits: 3,
  },
  system_parameters: { image_file_size_limit: 1, file_size_limit: 2 },
}

function setup(params: DifyParameters = WITH_UPLOADS) {
  const fake = fakeDify({
    'GET /parameters': () => json(params),
    'POST /files/upload': (call) => {
      const file = call.form?.get('file') as File
      return json(
        {
          id: '72fa9618-8f89-4a37-9b33-7e1178a24a67',
          name: file.name,
          size: file.size,
          extension: 'png',
          mime_type: file.type,
          created_by: 'SECRET_EU',
        },
        201,
      )
    },
  })
  return { fake, app: testApp(fileRoutes, { fetch: fake.fetch }) }
}

function upload(file: File, field = 'file') {
  const form = new FormData()
  form.set(field, file)
  return { method: 'POST', body: form }
}

describe('POST /api/files', () => {
  it('forwards an allowed file with the visitor as user', async () => {
    const { app, fake } = setup()
    const res = await app.request(
      '/api/files',
      upload(new File(['png!'], 'cat.png', { type: 'image/png' })),
    )
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({
      id: '72fa9618-8f89-4a37-9b33-7e1178a24a67',
      name: 'cat.png',
      size: 4,
      mimeType: 'image/png',
      type: 'image',
    })
    const call = fake.calls.find((c) => c.path === '/files/upload')
    expect(call?.form?.get('user')).toBe(VISITOR)
  })

  it('refuses uploads when the app takes no files', async () => {
    const { app, fake } = setup(BASE_PARAMETERS)
    const res = await app.request('/api/files', upload(new File(['x'], 'a.png')))
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'This assistant does not accept files.',
    )
    expect(fake.calls.some((c) => c.path === '/files/upload')).toBe(false)
  })

  it('refuses a type the app does not allow before forwarding', async () => {
    const { app, fake } = setup()
    const res = await app.request(
      '/api/files',
      upload(new File(['x'], 'song.mp3', { type: 'audio/mpeg' })),
    )
    expect(res.status).toBe(400)
    expect(fake.calls.some((c) => c.path === '/files/upload')).toBe(false)
  })

  it('refuses a file over the app’s size limit for its type', async () => {
    const { app, fake } = setup()
    const big = new File([new Uint8Array(1024 * 1024 + 1)], 'big.png', { type: 'image/png' })
    const res = await app.request('/api/files', upload(big))
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large')
    expect(fake.calls.some((c) => c.path === '/files/upload')).toBe(false)
  })

  it('refuses a body far over any limit', async () => {
    const { app } = setup()
    const huge = new File([new Uint8Array(3 * 1024 * 1024)], 'huge.pdf', {
      type: 'application/pdf',
    })
    expect((await app.request('/api/files', upload(huge))).status).toBe(413)
  })

  it('needs multipart with one field named file', async () => {
    const { app } = setup()
    expect((await app.request('/api/files', { method: 'POST', body: 'x' })).status).toBe(400)
    expect(
      (await app.request('/api/files', upload(new File(['x'], 'a.png'), 'upload'))).status,
    ).toBe(400)
  })

  it('gives a part without a type a mimetype, which Dify requires', async () => {
    const { app, fake } = setup()
    await app.request('/api/files', upload(new File(['x'], 'notes.txt')))
    const sent = fake.calls.find((c) => c.path === '/files/upload')?.form?.get('file') as File
    expect(sent.type).toBe('application/octet-stream')
  })
})
