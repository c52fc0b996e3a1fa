import { describe, expect, it } from 'vitest'
import type { FileRules } from '../dify/app-info.ts'
import { toDifyFile, toDifyFiles } from './files.ts'
import { validateInputs } from './inputs.ts'
import { RequestError } from './request-error.ts'

const UPLOAD_ID = '0f0e0d0c-0000-4000-8000-000000000001'
/** An app that takes images by either method: the relay still takes only uploads. */
const RULES: FileRules = {
  enabled: true,
  types: ['image'],
  extensions: [],
  maxFiles: 3,
  maxBytes: { image: 10 * 1024 * 1024 },
  methods: ['remote_url', 'local_file'],
}

function refusal(run: () => unknown): RequestError {
  try {
    run()
  } catch (error) {
    if (error instanceof RequestError) return error
    throw error
  }
  throw new Error('expected a RequestError')
}

describe('files a visitor sends', () => {
  it('passes an upload on in Dify’s shape', () => {
    expect(
      toDifyFiles(
        [{ type: 'image', transferMethod: 'local_file', uploadFileId: UPLOAD_ID }],
        RULES,
      ),
    ).toEqual([{ type: 'image', transfer_method: 'local_file', upload_file_id: UPLOAD_ID }])
  })

  it('refuses a remote URL, saying to upload it through /api/files first', () => {
    for (const url of ['https://example.com/a.png', 'http://169.254.169.254/latest/meta-data']) {
      const error = refusal(() =>
        toDifyFiles([{ type: 'image', transferMethod: 'remote_url', url }], RULES),
      )
      expect(error.code).toBe('bad_request')
      expect(error.message).toBe(
        'files[0]: remote URLs are not accepted. Upload the file through POST /api/files first, then send its uploadFileId.',
      )
    }
  })

  it('refuses a remote URL in a file input too', () => {
    const error = refusal(() =>
      validateInputs(
        { doc: { type: 'image', transferMethod: 'remote_url', url: 'https://x.test' } },
        [{ variable: 'doc', label: 'Doc', type: 'file', required: true }],
      ),
    )
    expect(error.message).toMatch(
      /^Input "doc": remote URLs are not accepted\. Upload .* POST \/api\/files/,
    )
  })

  it('names the one method it takes for anything else', () => {
    expect(refusal(() => toDifyFile({ type: 'image', transferMethod: 'ftp' }, 'f')).message).toBe(
      'f.transferMethod must be "local_file" (upload through POST /api/files).',
    )
  })
})
