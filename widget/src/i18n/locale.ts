import { ar } from './ar.ts'
import { de } from './de.ts'
import type { Strings } from './en.ts'
import { en } from './en.ts'
import { es } from './es.ts'
import { fr } from './fr.ts'
import { ja } from './ja.ts'
import { pt } from './pt.ts'
import { zh } from './zh.ts'

const TABLES: Record<string, Strings> = { en, de, fr, es, pt, zh, ja, ar }

/** The primary subtag of a language tag, lower-cased: `pt-BR` → `pt`. */
export function primary(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? ''
}

export function isSupported(tag: string): boolean {
  return Object.hasOwn(TABLES, primary(tag))
}

/**
 * The UI language: the first supported of data-lang, the page's `<html lang>`, navigator.language;
 * else `en`.
 */
export function pickLang(...candidates: (string | null | undefined)[]): string {
  for (const tag of candidates) if (tag && isSupported(tag)) return primary(tag)
  return 'en'
}

export function stringsFor(lang: string): Strings {
  return TABLES[primary(lang)] ?? en
}

/** Of the supported languages only Arabic is right-to-left (a right-to-left page is handled too). */
export function isRtl(lang: string): boolean {
  return primary(lang) === 'ar'
}

export type { Strings }
