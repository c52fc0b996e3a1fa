/**
 * A `fetch` for uploads that reports how much of the body has gone: fetch itself cannot (a
 * streamed request body needs HTTP/2), XMLHttpRequest's upload events can. Handed to the relay
 * client, which adds the session and maps errors as for any call.
 */
export type Progress = (sent: number, total: number) => void

export function progressFetch(
  onProgress: Progress,
  Xhr: typeof XMLHttpRequest = XMLHttpRequest,
): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const xhr = new Xhr()
      xhr.open(init.method ?? 'GET', String(input))
      for (const [name, value] of new Headers(init.headers)) xhr.setRequestHeader(name, value)
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total)
      xhr.onload = () => {
        const empty = xhr.status === 204 || xhr.status === 205
        resolve(
          new Response(empty ? null : xhr.responseText, {
            status: xhr.status,
            headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' },
          }),
        )
      }
      // As fetch: a TypeError when the network fails, an AbortError when aborted.
      xhr.onerror = () => reject(new TypeError('Network request failed'))
      xhr.onabort = () => reject(new DOMException('The upload was aborted.', 'AbortError'))
      init.signal?.addEventListener('abort', () => xhr.abort())
      xhr.send((init.body ?? null) as XMLHttpRequestBodyInit | null)
    })
}
