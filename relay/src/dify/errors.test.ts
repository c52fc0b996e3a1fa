import { describe, expect, it } from 'vitest'
import { errorFromResponse, mapDifyError, safeMessage } from './errors.ts'

const dify = (code: string, message: string, status: number) => ({ code, message, status })

describe('mapDifyError', () => {
  it('keeps a safe validation message as bad_request', () => {
    const err = mapDifyError(400, dify('invalid_param', 'name is required in input form', 400))
    expect(err).toMatchObject({
      code: 'bad_request',
      message: 'name is required in input form',
      retryable: false,
    })
    expect(err.difyCode).toBe('invalid_param')
  })

  it('keeps only the first line of a multi-line Pydantic message', () => {
    const err = mapDifyError(
      400,
      dify(
        'invalid_param',
        '1 validation error for ChatRequestPayload\nquery\n  Field required',
        400,
      ),
    )
    expect(err.message).toBe('1 validation error for ChatRequestPayload')
  })

  it('treats 401 from Dify as the relay key being wrong, never as the visitor', () => {
    const err = mapDifyError(401, dify('unauthorized', 'Access token is invalid', 401))
    expect(err.code).toBe('upstream_error')
    expect(err.retryable).toBe(false)
    expect(err.message).toMatch(/API key/)
  })

  it('treats 403 (app disabled) like a key problem', () => {
    expect(
      mapDifyError(403, dify('forbidden', "The app's API service has been disabled.", 403)).code,
    ).toBe('upstream_error')
  })

  it('maps a human-input form answered already or expired (412) to 409 and 410', () => {
    const submitted = mapDifyError(412, {
      code: 'human_input_form_submitted',
      message: 'This form has already been submitted by another user, form_id=SECRET',
    })
    expect(submitted).toMatchObject({
      code: 'form_answered',
      message: 'This form has already been answered.',
      retryable: false,
    })
    const expired = mapDifyError(412, { code: 'human_input_form_expired', message: 'x' })
    expect(expired).toMatchObject({ code: 'form_expired', retryable: false })
    expect(
      mapDifyError(400, { code: 'invalid_form_data', message: 'Invalid action: x' }),
    ).toMatchObject({ code: 'bad_request', message: 'Invalid action: x' })
  })

  it('maps 404 to not_found with Dify’s message', () => {
    expect(mapDifyError(404, dify('not_found', 'Conversation Not Exists.', 404))).toMatchObject({
      code: 'not_found',
      message: 'Conversation Not Exists.',
    })
  })

  it('maps 413 to payload_too_large', () => {
    expect(mapDifyError(413, dify('file_too_large', 'File size exceeded. 20 > 15', 413)).code).toBe(
      'payload_too_large',
    )
  })

  it('maps 429 to rate_limited', () => {
    expect(mapDifyError(429, dify('rate_limit_error', 'Rate limit exceeded', 429))).toMatchObject({
      code: 'rate_limited',
      retryable: true,
    })
  })

  it('maps "Too many requests" to rate_limited whether it comes as 400 or 429', () => {
    const text =
      'Too many requests. Please try again later. The current maximum concurrent requests allowed for app is 5.'
    expect(mapDifyError(400, dify('invalid_param', text, 400)).code).toBe('rate_limited')
    expect(mapDifyError(429, dify('too_many_requests', text, 429)).code).toBe('rate_limited')
  })

  it('maps 500 to a retryable upstream_error with a generic message', () => {
    const err = mapDifyError(
      500,
      dify('internal_server_error', 'Traceback (most recent call last) …', 500),
    )
    expect(err).toMatchObject({ code: 'upstream_error', retryable: true })
    expect(err.message).not.toMatch(/Traceback/)
  })

  it('maps gateway errors to upstream_unavailable and upstream_timeout', () => {
    expect(mapDifyError(502, undefined).code).toBe('upstream_unavailable')
    expect(mapDifyError(503, undefined).code).toBe('upstream_unavailable')
    expect(mapDifyError(504, undefined).code).toBe('upstream_timeout')
  })

  it('does not let model configuration errors look retryable', () => {
    expect(
      mapDifyError(
        400,
        dify('provider_not_initialize', 'No valid model provider credentials found.', 400),
      ),
    ).toMatchObject({
      code: 'upstream_error',
      retryable: false,
    })
  })
})

describe('errorFromResponse', () => {
  const noRedaction = (text: string) => text

  it('never forwards an HTML error page', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1>nginx</body></html>'
    const err = await errorFromResponse(
      new Response(html, { status: 502, headers: { 'Content-Type': 'text/html' } }),
      noRedaction,
    )
    expect(err.code).toBe('upstream_unavailable')
    expect(err.message).not.toMatch(/nginx|html/i)
  })

  it('ignores a JSON body that fails to parse', async () => {
    const err = await errorFromResponse(
      new Response('{oops', { status: 400, headers: { 'Content-Type': 'application/json' } }),
      noRedaction,
    )
    expect(err).toMatchObject({ code: 'bad_request', message: 'Dify rejected the request.' })
  })

  it('reads Dify’s JSON error', async () => {
    const res = Response.json(dify('not_found', 'Message Not Exists.', 404), { status: 404 })
    expect(await errorFromResponse(res, noRedaction)).toMatchObject({
      code: 'not_found',
      message: 'Message Not Exists.',
    })
  })
})

describe('safeMessage', () => {
  it('drops HTML, redacts keys and caps length', () => {
    expect(safeMessage('<script>x</script>')).toBeNull()
    expect(safeMessage('bad key app-NotARealKey-Errors and Bearer xyz')).toBe(
      'bad key [redacted] and Bearer [redacted]',
    )
    expect(safeMessage('x'.repeat(500))?.length).toBe(200)
    expect(safeMessage('   ')).toBeNull()
    expect(safeMessage(42)).toBeNull()
  })
})
