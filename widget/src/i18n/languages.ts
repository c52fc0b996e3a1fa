/**
 * Which UI languages exist and which one a page gets. No strings here: the loader needs only this
 * (and its own two launcher texts), the app's tables live in locale.ts.
 */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'pt', 'zh', 'ja', 'ar'] as const

export type Language = (typeof LANGUAGES)[number]

/** The primary subtag of a language tag, lower-cased: `pt-BR` → `pt`. */
export function primary(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? ''
}

/** A table of texts by language (a lazy chunk's), for `lang`: its own language's, else English. */
export function textsFor<T>(tables: Record<Language, T>, lang: string): T {
  return tables[primary(lang) as Language] ?? tables.en
}

export function isSupported(tag: string): boolean {
  return (LANGUAGES as readonly string[]).includes(primary(tag))
}

/**
 * The UI language: the first supported of data-lang, the page's `<html lang>`, navigator.language
 * (undefined when none is: the app then asks Dify, else it is `en`).
 */
export function pickLang(...candidates: (string | null | undefined)[]): Language | undefined {
  for (const tag of candidates) if (tag && isSupported(tag)) return primary(tag) as Language
  return undefined
}

/** Of the supported languages only Arabic is right-to-left (a right-to-left page is handled too). */
export function isRtl(lang: string): boolean {
  return primary(lang) === 'ar'
}
