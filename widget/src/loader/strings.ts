import { LANGUAGES, type Language } from '../i18n/languages.ts'

/**
 * The loader's only texts, in the order of LANGUAGES: the launcher's name, and what it says when
 * the app could not load (it tries again on the next click).
 */
const TEXTS: readonly (readonly [label: string, failed: string])[] = [
  ['Chat', 'Chat unavailable'],
  ['Chat', 'Chat nicht verfügbar'],
  ['Chat', 'Chat indisponible'],
  ['Chat', 'Chat no disponible'],
  ['Chat', 'Chat indisponível'],
  ['聊天', '聊天不可用'],
  ['チャット', 'チャットを利用できません'],
  ['دردشة', 'الدردشة غير متاحة'],
]

export const launcherTexts = (lang: Language) =>
  TEXTS[LANGUAGES.indexOf(lang)] as readonly [label: string, failed: string]
