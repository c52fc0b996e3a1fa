/**
 * Inline markdown → plain data: code spans, strong/em, links (http, https, mailto only), bare URLs,
 * line breaks. Anything else, HTML included, stays literal text. One regex pass per run of text.
 */
export type Inline =
  | string
  | { t: 'code'; text: string }
  | { t: 'strong' | 'em'; c: Inline[] }
  | { t: 'a'; href: string; c: Inline[] }
  | { t: 'br' }

/**
 * Groups: 1 escaped punctuation · 2 backtick run, 3 code · 4 `**`/`__`, 5 strong · 6 `*em*`,
 * 7 `_em_` · 8 link label, 9 link URL · 10 bare URL · or a newline.
 */
const TOKEN =
  /\\([!-/:-@[-`{-~])|(`+)([\s\S]*?[^`])\2(?!`)|(\*\*|__)(?=\S)([\s\S]*?\S)\4|\*(?=[^\s*])([^*]*?[^\s*])\*|(?<![\p{L}\p{N}])_(?=\S)([^_]*?\S)_(?![\p{L}\p{N}])|!?\[([^\]]*)\]\(\s*([^)\s]*)[^)]*\)|(?<![\p{L}\p{N}/])(https?:\/\/[^\s<>]*[^\s<>.,:;"')\]!?*_])|\n/gu

/** Only http(s) and mailto links are ever rendered as links. */
export function safeHref(url: string): string | null {
  const href = url.trim()
  return /^(https?:\/\/|mailto:)/i.test(href) ? href : null
}

/** Closes a code span or emphasis left open at the end of a streaming answer, so nothing flickers. */
export function closeOpen(s: string): string {
  for (const mark of ['`', '**', '*']) {
    const parts = s.split(mark)
    const tail = parts.at(-1) ?? ''
    if (parts.length % 2 === 0 && /^\S/.test(tail)) s += mark
  }
  return s
}

/** Parses `s`; with `open` (the tail of an answer still streaming) unclosed markers close at the end. */
export function parseInline(s: string, open = false): Inline[] {
  const text = open ? closeOpen(s) : s
  const out: Inline[] = []
  let last = 0
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > last) out.push(text.slice(last, m.index))
    last = m.index + m[0].length
    const href = m[8] !== undefined ? safeHref(m[9] ?? '') : (m[10] ?? null)
    out.push(
      m[1] ??
        (m[3] !== undefined
          ? { t: 'code', text: m[3] }
          : m[5] !== undefined
            ? { t: 'strong', c: parseInline(m[5]) }
            : m[6] !== undefined || m[7] !== undefined
              ? { t: 'em', c: parseInline(m[6] ?? m[7] ?? '') }
              : m[8] !== undefined && !href
                ? m[8] // an unsafe link shows its label only
                : href
                  ? { t: 'a', href, c: m[8] ? parseInline(m[8]) : [href] }
                  : { t: 'br' }),
    )
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}
