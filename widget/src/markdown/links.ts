/** Which URLs an answer may link to or load images from. */

/** Only http(s) and mailto links are ever rendered as links. */
export function safeHref(url: string): string | null {
  const href = url.trim()
  return /^(https?:\/\/|mailto:)/i.test(href) ? href : null
}

/**
 * The URL when an image may load from it: https/http with an origin in `origins` (an image URL in
 * a model's answer is a known way to leak the conversation to a third party).
 */
export function imageSrc(url: string, origins: readonly string[]): string | null {
  const href = safeHref(url)
  if (!href || origins.length === 0) return null
  try {
    const { origin } = new URL(href)
    return origins.some((allowed) => sameOrigin(allowed, origin)) ? href : null
  } catch {
    return null
  }
}

function sameOrigin(allowed: string, origin: string): boolean {
  try {
    return new URL(allowed).origin === origin
  } catch {
    return false
  }
}
