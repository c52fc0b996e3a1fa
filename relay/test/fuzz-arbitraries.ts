/** Arbitraries for fuzzing the relay: methods, tricky paths, odd headers and malformed bodies. */
import fc from 'fast-check'

const TRICKY_SEGMENTS = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E%2F..%2Fadmin',
  '%2F',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AF',
  '%ED%A0%80',
  'ü',
  '😀',
  '%F0%9F%98%80',
  ' ',
  'a'.repeat(5000),
  '8c1e2f4a-0000-4000-8000-000000000001',
  '8C1E2F4A-0000-4000-8000-000000000001',
]

export const segment = fc.oneof(
  fc.constantFrom(...TRICKY_SEGMENTS),
  fc.uuid(),
  fc.webSegment(),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', maxLength: 20 }),
)

const ENDPOINTS = [
  '/api/session',
  '/api/app',
  '/api/chat',
  '/api/chat/{id}/stop',
  '/api/forms/{id}',
  '/api/conversations',
  '/api/conversations/{id}',
  '/api/conversations/{id}/messages',
  '/api/messages/{id}/feedback',
  '/api/messages/{id}/suggested',
  '/api/files',
  '/api/{id}',
  '/healthz',
  '/widget.js',
  '/widget.js.sri',
  '/',
  '/{id}',
  '/{id}/{id}',
]

const query = fc.oneof(
  fc.constant(''),
  fc.webQueryParameters().map((q) => `?${q}`),
  fc.constantFrom('?before=x&limit=0', '?limit=1e3', '?limit=-1', '?before=%00', '?limit=%ZZ'),
)

export const path = fc
  .tuple(fc.constantFrom(...ENDPOINTS), fc.array(segment, { minLength: 2, maxLength: 2 }), query)
  .map(([template, [a = '', b = ''], q]) => template.replace('{id}', a).replace('{id}', b) + q)

export const method = fc.oneof(
  fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'get', 'post'),
  fc.stringMatching(/^[A-Z]{1,12}$/).filter((m) => !['CONNECT', 'TRACE', 'TRACK'].includes(m)),
)

const printable = fc.stringMatching(/^[\x20-\x7e]{0,200}$/)

const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=utf-16',
    'text/plain',
    'multipart/form-data',
    'multipart/form-data; boundary=xyz',
    'multipart/form-data; boundary=',
    'application/x-www-form-urlencoded',
    'application/octet-stream',
    '',
  ),
  printable,
)

export function headers(tokens: string[]): fc.Arbitrary<Record<string, string>> {
  const authorization = fc.oneof(
    fc.constantFrom(...tokens.map((t) => `Bearer ${t}`)),
    fc.constantFrom('Bearer', 'Bearer ', 'bearer x.y.z', 'Basic dXNlcjpwYXNz', 'Bearer a b'),
    fc.constant(`Bearer ${'a'.repeat(100_000)}`),
    printable.map((p) => `Bearer ${p}`),
    printable,
  )
  const origin = fc.oneof(
    fc.constantFrom('https://shop.example.com', 'https://evil.example', 'null', 'http://[::1]'),
    printable,
  )
  return fc.record(
    {
      authorization,
      'content-type': contentType,
      origin,
      'x-forwarded-for': printable,
      'x-huge': fc.constant('h'.repeat(64 * 1024)),
      accept: printable,
    },
    { requiredKeys: [] },
  )
}

function nested(depth: number): string {
  return `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`
}

const invalidUtf8 = fc
  .array(fc.constantFrom(0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x82, 0xf0, 0x90, 0xed, 0x80), {
    minLength: 1,
    maxLength: 40,
  })
  .map((bytes) => new Uint8Array([...new TextEncoder().encode('{"query":"'), ...bytes, 0x22, 0x7d]))

const fileRef = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom('image', 'document', 'audio', 'video', 'custom'),
      fc.jsonValue(),
    ),
    transferMethod: fc.oneof(fc.constantFrom('local_file', 'remote_url'), fc.jsonValue()),
    uploadFileId: fc.oneof(fc.uuid(), fc.jsonValue()),
    url: fc.oneof(fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'http://x'), fc.jsonValue()),
  },
  { requiredKeys: [] },
)

/** Bodies shaped like a chat, so validation is passed more often and Dify is reached. */
const chatBody = fc
  .record(
    {
      query: fc.oneof(fc.string({ minLength: 1, maxLength: 200 }), fc.string({ unit: 'binary' })),
      conversationId: fc.oneof(fc.uuid(), fc.constantFrom('', null), fc.jsonValue()),
      inputs: fc.dictionary(
        fc.constantFrom('name', 'plan', 'age', 'ok', 'settings', 'docs', 'unknown'),
        fc.oneof(fc.jsonValue(), fileRef, fc.array(fileRef, { maxLength: 3 })),
      ),
      files: fc.oneof(fc.array(fileRef, { maxLength: 4 }), fc.jsonValue()),
    },
    { requiredKeys: ['query'] },
  )
  .map((v) => JSON.stringify(v))

export const body = fc.oneof(
  chatBody,
  fc.constant(null),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        query: fc.jsonValue(),
        conversationId: fc.jsonValue(),
        inputs: fc.jsonValue(),
        files: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc
    .record({ rating: fc.jsonValue(), content: fc.jsonValue() }, { requiredKeys: [] })
    .map((v) => JSON.stringify(v)),
  fc.constantFrom(
    nested(5000),
    `{"query":"hi","inputs":{"settings":${nested(20_000)}}}`,
    `{"query":"${'x'.repeat(40_000)}"}`,
    `{"query":"hi","inputs":{"settings":${nested(2000)}}}`,
    `{"query":"hi","inputs":{"settings":{"a":${'['.repeat(6000)}${']'.repeat(6000)}}}}`,
    '{"query":"hi","files":[{"type":"image","transferMethod":"remote_url","url":"javascript:alert(1)"}]}',
    '{"query":"\\ud800"}',
    '{"__proto__":{"query":"x"},"query":"hi"}',
    '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc\r\n--xyz--\r\n',
    '--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\n',
    '',
    'null',
  ),
  fc.string({ unit: 'binary', maxLength: 300 }),
  invalidUtf8,
  fc.uint8Array({ maxLength: 2000 }),
)
