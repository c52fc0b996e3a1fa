import { describe, expect, it } from 'vitest'
import { uploadBody } from './upload-body.ts'

async function parse(file: File, user: string) {
  const { stream, contentType } = uploadBody(file, user)
  const form = await new Response(stream, { headers: { 'content-type': contentType } }).formData()
  return { file: form.get('file') as File, user: form.get('user') }
}

describe('uploadBody', () => {
  it('frames the file and the user as multipart/form-data', async () => {
    const sent = await parse(
      new File(['%PDF-1.4 …'], 'Bericht März.pdf', { type: 'application/pdf' }),
      'v_1',
    )
    expect(sent.user).toBe('v_1')
    expect(sent.file.name).toBe('Bericht März.pdf')
    expect(sent.file.type).toBe('application/pdf')
    expect(await sent.file.text()).toBe('%PDF-1.4 …')
  })

  it('gives a file without a media type application/octet-stream, as Dify needs one', async () => {
    const sent = await parse(new File(['x'], 'notes.txt'), 'v_1')
    expect(sent.file.type).toBe('application/octet-stream')
  })

  it('reads nothing from the file before the body is read', async () => {
    let pulls = 0
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++
          controller.close()
        },
      },
      { highWaterMark: 0 },
    )
    const body = uploadBody({ name: 'a.png', type: 'image/png', stream: () => stream }, 'v_1')
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(pulls).toBe(0)
    await new Response(body.stream).arrayBuffer()
    expect(pulls).toBe(1)
  })
})
