import type { Language } from '../i18n/languages.ts'

/**
 * The loader's only texts: the launcher's name, and what it says when the app could not load (it
 * tries again on the next click).
 */
export const LAUNCHER_STRINGS: Record<Language, readonly [label: string, failed: string]> = {
  en: ['Chat', 'Chat unavailable'],
  de: ['Chat', 'Chat nicht verfügbar'],
  fr: ['Chat', 'Chat indisponible'],
  es: ['Chat', 'Chat no disponible'],
  pt: ['Chat', 'Chat indisponível'],
  zh: ['聊天', '聊天不可用'],
  ja: ['チャット', 'チャットを利用できません'],
  ar: ['دردشة', 'الدردشة غير متاحة'],
}
