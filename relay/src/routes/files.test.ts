import { describe, expect, it } from 'vitest'
import { multipartStream, streamed } from '../../test/multipart-body.ts'
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

function setup(params: DifyParameters = WITH_UPLOADS, beforeAnswer = async () => {}) {
  const fake = fakeDify({
    'GET /parameters': () => json(params),
    'POST /files/upload': async (call) => {
      await beforeAnswer()
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

/** A Dify that reads each upload's body as its server would, noting how far it got. */
function readingDify(params: DifyParameters = WITH_UPLOADS) {
  const uploads: { bytes: number; complete: boolean }[] = []
  const fake = fakeDify({ 'GET /parameters': () => json(params) })
  async function fetch(request: Request): Promise<Response> {
    if (!request.url.endsWith('/files/upload')) return fake.fetch(request)
    const seen = { bytes: 0, complete: false }
    uploads.push(seen)
    const reader = (request.body as ReadableStream<Uint8Array>).getReader()
    for (let r = await reader.read(); !r.done; r = await reader.read()) seen.bytes += r.value.length
    seen.complete = true
    return json({ id: 'f1', name: 'x', size: seen.bytes, extension: 'png', mime_type: 'x' }, 201)
  }
  return { uploads, app: testApp(fileRoutes, { fetch }) }
}

const MB = 1024 * 1024

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

  it('stops a chunked upload at its size limit as it reads; Dify never gets it whole', async () => {
    const { app, uploads } = readingDify()
    const body = multipartStream({ filename: 'big.png', type: 'image/png', bytes: 3 * MB })
    const res = await app.request('/api/files', streamed(body))
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({
      error: { code: 'payload_too_large', message: 'The file is larger than 1 MB.' },
    })
    // Reading stopped just past the image limit, not at the body's end.
    expect(body.pulled).toBeLessThan(1.5 * MB)
    expect(uploads.length).toBeLessThanOrEqual(1)
    expect(uploads[0]?.complete ?? false).toBe(false)
  })

  it('streams an upload without a length through whole', async () => {
    const { app, uploads } = readingDify()
    const body = multipartStream({ filename: 'doc.pdf', type: 'application/pdf', bytes: MB })
    const res = await app.request('/api/files', streamed(body))
    expect(res.status).toBe(201)
    expect(uploads).toHaveLength(1)
    expect(uploads[0]?.complete).toBe(true)
    // The file, plus the multipart framing and the user field.
    expect(uploads[0]?.bytes).toBeGreaterThan(MB)
  })

  it('refuses a file by its name before reading its bytes or calling Dify', async () => {
    const { app, uploads } = readingDify()
    const body = multipartStream({
      filename: 'song.mp3',
      bytes: MB,
      chunkBytes: 1024,
      hangAfter: 1024,
    })
    const res = await app.request('/api/files', streamed(body))
    expect(res.status).toBe(400)
    expect(uploads).toEqual([])
    expect(body.pulled).toBe(1024)
    expect(body.cancelled).toBe(true)
  })

  it('refuses a second part after the file, and Dify gets no finished upload', async () => {
    const { app, uploads } = readingDify()
    const after = 'Content-Disposition: form-data; name="file"; filename="b.png"\r\n\r\nmore'
    const body = multipartStream({ filename: 'a.png', type: 'image/png', bytes: 10, after })
    const res = await app.request('/api/files', streamed(body))
    expect(res.status).toBe(400)
    expect(uploads.every((u) => !u.complete)).toBe(true)
  })

  it('keeps a file name in UTF-8 as the browser sent it', async () => {
    const { app, fake } = setup()
    const res = await app.request(
      '/api/files',
      upload(new File(['png!'], '日本の猫.png', { type: 'image/png' })),
    )
    expect(res.status).toBe(201)
    const sent = fake.calls.find((c) => c.path === '/files/upload')?.form?.get('file') as File
    expect(sent.name).toBe('日本の猫.png')
  })

  it('lets a session have two uploads in flight; a third gets 429 until one finishes', async () => {
    let arrived = 0
    let open = () => {}
    const gate = new Promise<void>((resolve) => {
      open = resolve
    })
    const { app } = setup(WITH_UPLOADS, async () => {
      arrived++
      await gate
    })
    const send = () =>
      app.request('/api/files', upload(new File(['png!'], 'cat.png', { type: 'image/png' })))
    const first = send()
    const second = send()
    while (arrived < 2) await new Promise((resolve) => setTimeout(resolve, 1))
    const third = await send()
    expect(third.status).toBe(429)
    expect(third.headers.get('retry-after')).toBe('1')
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('rate_limited')
    open()
    expect((await first).status).toBe(201)
    expect((await second).status).toBe(201)
    expect((await send()).status).toBe(201)
  })

  it('frees the slot of an upload that failed', async () => {
    const { app } = readingDify()
    for (let i = 0; i < 3; i++) {
      const body = multipartStream({ filename: 'big.png', type: 'image/png', bytes: 2 * MB })
      expect((await app.request('/api/files', streamed(body))).status).toBe(413)
    }
    const ok = multipartStream({ filename: 'ok.png', type: 'image/png', bytes: 10 })
    expect((await app.request('/api/files', streamed(ok))).status).toBe(201)
  })
})
