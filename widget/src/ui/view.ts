/** What every component needs to know about this embed: config, strings, direction, chunks. */

import type { ComponentType } from 'preact'
import type { AttachChunk } from '../chunks/attach.ts'
import type { FormChunk } from '../chunks/form.ts'
import type { LookChunk } from '../chunks/look.ts'
import type { PageChunk } from '../chunks/page.ts'
import type { VoiceChunk } from '../chunks/voice.ts'
import type { Data, WidgetConfig } from '../config.ts'
import type { Generation } from '../generate/generation.tsx'
import type { HistoryProps } from '../history/History.tsx'
import type { Strings } from '../i18n/locale.ts'
import type { MathRenderer } from '../markdown/math.ts'
import { useWidget } from './widget-context.ts'

export interface View {
  config: WidgetConfig
  /** The script tag's data attributes, for the chunks that read their own (look). */
  data: Data
  t: Strings
  lang: string
  dir: 'ltr' | 'rtl'
  /** The page set `data-color`: it wins over the colour set in Dify. */
  ownColor?: boolean
  /** Origins answers may show images from: the relay's and `data-image-origins`. */
  imageOrigins: readonly string[]
  /** The lazy TeX renderer (absent: math shows as TeX source). */
  math?: () => Promise<MathRenderer>
  /** The lazy history view (absent: no history button). */
  history?: () => Promise<ComponentType<HistoryProps>>
  /** The lazy page chunk: the open panel's focus guard (absent: none). */
  page?: () => Promise<PageChunk>
  /**
   * The lazy forms: the start form (absent: inputs come from data-inputs only) and the human-input
   * form (absent: a paused answer shows its text only).
   */
  form?: () => Promise<FormChunk>
  /** The lazy voice chunk (absent: no microphone, no read-aloud). */
  voice?: () => Promise<VoiceChunk>
  /** The lazy attachments (absent: no files with messages). */
  attach?: () => Promise<AttachChunk>
  /** This widget's generator, made once (text-generation and workflow apps; absent: none). */
  generate?: () => Promise<Generation>
  /** The lazy footer and answer icon (absent: neither). */
  look?: () => Promise<LookChunk>
}

export const useView = (): View => useWidget().view
