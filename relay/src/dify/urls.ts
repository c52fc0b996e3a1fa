/** Dify file URLs for the browser. */

/** The origin Dify's relative `/files/...` URLs resolve against (they carry no `/v1`). */
export function difyOrigin(baseUrl: string): string {
  return new URL(baseUrl).origin
}

/**
 * Dify signs file URLs and leaves them relative when its FILES_URL is unset; the browser cannot
 * resolve those against the relay, so they are made absolute. Only http(s) survives.
 */
export function absoluteUrl(url: unknown, origin: string): string | null {
  if (typeof url !== 'string' || url === '') return null
  try {
    const resolved = new URL(url, origin)
    return resolved.protocol === 'https:' || resolved.protocol === 'http:' ? resolved.href : null
  } catch {
    return null
  }
}

/**
 * Assistant files as the browser may load them: made absolute, and only from the API's origin or
 * Dify's FILES_URL origin. A URL elsewhere (an upstream echoing anything it was given) is dropped,
 * since the widget shows images inline.
 */
export function fileUrlResolver(
  apiOrigin: string,
  filesOrigin: string | null,
): (url: unknown) => string | null {
  const allowed = new Set([apiOrigin, ...(filesOrigin ? [filesOrigin] : [])])
  return (url) => {
    const absolute = absoluteUrl(url, apiOrigin)
    return absolute && allowed.has(new URL(absolute).origin) ? absolute : null
  }
}
