import { describe, expect, it } from 'vitest'
import { progressFetch } from './progress-fetch.ts'

interface Sent {
  method: string
  url: string
  headers: Record<string, string>
  body: unknown
  status: number
  responseText: string
  upload: { onprogress?: (e: { loaded: number; total: number }) => void }
  onload?: () => void
  onerror?: () => void
}

/** A stand-in XMLHttpRequest: records the request and answers as `reply` says. */
function fakeXhr(reply: (x: Sent) => void) {
  const made: Sent[] = []
  class FakeXhr implements Sent {
    method = ''
    url = ''
    headers: Record<string, string> = {}
    body: unknown
    status = 0
    responseText = ''
    upload: { onprogress?: (e: { loaded: number; total: number }) => void } = {}
    onload?: () => void
    onerror?: () => void
    onabort?: () => void
    open(method: string, url: string) {
      this.method = method
      this.url = url
      made.push(this)
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value
    }
    getResponseHeader() {
      return 'application/json'
    }
    send(body: unknown) {
      this.body = body
      reply(this)
    }
    abort() {
      this.onabort?.()
    }
  }
  return { Xhr: FakeXhr as unknown as typeof XMLHttpRequest, made }
}

describe('progressFetch', () => {
  it('sends like fetch, reports the body going, and answers with a Response', async () => {
    const seen: number[] = []
    const { Xhr, made } = fakeXhr((x) => {
      x.upload.onprogress?.({ loaded: 50, total: 100 })
      x.upload.onprogress?.({ loaded: 100, total: 100 })
      x.status = 201
      x.responseText = '{"id":"f1"}'
      x.onload?.()
    })
    const body = new FormData()
    const res = await progressFetch((sent, total) => seen.push(sent / total), Xhr)(
      'https://relay.test/api/files',
      { method: 'POST', body, headers: { authorization: 'Bearer t' } },
    )
    expect(seen).toEqual([0.5, 1])
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ id: 'f1' })
    expect(made[0]).toMatchObject({
      method: 'POST',
      url: 'https://relay.test/api/files',
      headers: { authorization: 'Bearer t' },
      body,
    })
  })

  it('rejects as fetch does: a TypeError on a network failure, an AbortError when aborted', async () => {
    const failing = fakeXhr((x) => x.onerror?.())
    await expect(
      progressFetch(() => {}, failing.Xhr)('https://relay.test/x'),
    ).rejects.toBeInstanceOf(TypeError)
    const controller = new AbortController()
    const hanging = fakeXhr(() => controller.abort())
    await expect(
      progressFetch(() => {}, hanging.Xhr)('https://relay.test/x', { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('answers a 204 with no body', async () => {
    const { Xhr } = fakeXhr((x) => {
      x.status = 204
      x.onload?.()
    })
    const res = await progressFetch(() => {}, Xhr)('https://relay.test/x')
    expect(res.status).toBe(204)
    expect(res.body).toBeNull()
  })
})
