/**
 * A multipart request as the emulator keeps it: text fields whole, files as name, type and size.
 * The body is read as it streams and file bytes are only counted: a large upload costs no memory.
 */
import { readMultipart } from '@parley/shared/multipart'

export interface FormFile {
  name: string
  /** '' when the part had no Content-Type. */
  type: string
  size: number
}

export type FormEntry = { field: string } & ({ value: string } | { file: FormFile })

/** What the emulator's routes get beside the request (see `app.fetch(request, env)`). */
export interface FormEnv {
  Bindings: { form?: FormEntry[] }
}

// Dify's bundled nginx refuses bodies over NGINX_CLIENT_MAX_BODY_SIZE=100M before Flask sees them.
const MAX_BODY_BYTES = 100 * 1024 * 1024

/** The entries of a multipart `request`, up to where its body stops making sense (as Werkzeug). */
export async function readForm(request: Request): Promise<FormEntry[]> {
  const entries: FormEntry[] = []
  if (!request.body) return entries
  const contentType = request.headers.get('content-type') ?? ''
  const reader = readMultipart(request.body, contentType, { maxBodyBytes: MAX_BODY_BYTES })
  try {
    for (let part = await reader.nextPart(); part; part = await reader.nextPart()) {
      const decoder = new TextDecoder()
      let value = ''
      let size = 0
      for (let bytes = await reader.read(); bytes; bytes = await reader.read()) {
        size += bytes.byteLength
        if (part.filename === undefined) value += decoder.decode(bytes, { stream: true })
      }
      entries.push(
        part.filename === undefined
          ? { field: part.name, value: value + decoder.decode() }
          : { field: part.name, file: { name: part.filename, type: part.contentType, size } },
      )
    }
  } catch {
    await reader.cancel().catch(() => undefined)
  }
  return entries
}
