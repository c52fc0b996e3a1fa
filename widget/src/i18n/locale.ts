import { ar } from './ar.ts'
import { de } from './de.ts'
import type { Strings } from './en.ts'
import { en } from './en.ts'
import { es } from './es.ts'
import { fr } from './fr.ts'
import { ja } from './ja.ts'
import { type Language, primary } from './languages.ts'
import { pt } from './pt.ts'
import { zh } from './zh.ts'

const TABLES: Record<Language, Strings> = { en, de, fr, es, pt, zh, ja, ar }

export function stringsFor(lang: string): Strings {
  return TABLES[primary(lang) as Language] ?? en
}

export { isRtl, isSupported, pickLang, primary } from './languages.ts'
export type { Strings }
