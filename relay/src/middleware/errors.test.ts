import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { describe, expect, it } from 'vitest'
import type { Logger } from '../logger.ts'
import { errorHandler } from './errors.ts'

const silent: Logger = { enabled: () => false, debug() {}, info() {}, warn() {}, error() {} }

describe('errorHandler', () => {
  it('gives a thrown status its general code: 401 is unauthorized, not one of the identity codes', async () => {
    const app = new Hono()
      .onError(errorHandler(silent))
      .get('/401', () => {
        throw new HTTPException(401, { message: 'No session.' })
      })
      .get('/413', () => {
        throw new HTTPException(413, { message: 'Too big.' })
      })
    expect(await (await app.request('/401')).json()).toEqual({
      error: { code: 'unauthorized', message: 'No session.' },
    })
    expect(await (await app.request('/413')).json()).toEqual({
      error: { code: 'payload_too_large', message: 'Too big.' },
    })
  })
})
