/** What every component needs to know about this embed: config, strings, direction. */
import { atom } from 'nanostores'
import type { WidgetConfig } from '../config.ts'
import type { Strings } from '../i18n/locale.ts'

export interface View {
  config: WidgetConfig
  t: Strings
  lang: string
  dir: 'ltr' | 'rtl'
}

/**
 * Set once by `mount` before the first render and constant afterwards, so components read it
 * directly (a Preact context would cost bytes for nothing).
 */
export const $view = atom<View | null>(null)

export const useView = (): View => $view.get() as View
