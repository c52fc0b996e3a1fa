/**
 * The icon beside each answer: the page's data-answer-icon, else the one the owner set in Dify,
 * drawn by CSS (a decorative `::before`, with empty alternative text so no screen reader reads it).
 */
import type { AppLook } from '@parley/shared'

export type AnswerIcon = { emoji: string; background: string | null } | { url: string } | null

/** `own`: data-answer-icon as read (an http(s) URL, an emoji, `none`), or null. */
export function answerIcon(
  own: string | null,
  dify: AppLook['answerIcon'] | undefined,
): AnswerIcon {
  if (own === 'none') return null
  if (own) return /^https?:/.test(own) ? { url: own } : { emoji: own, background: null }
  if (dify?.type === 'emoji') return { emoji: dify.emoji, background: dify.background }
  if (dify?.type === 'image') return { url: dify.url }
  return null
}

/** `text` as a CSS string: quotes, backslashes and line ends escaped as code points. */
const cssString = (text: string) =>
  `"${text.replace(/["\\\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`

/** The rules that draw `icon` beside the log's answers ('' for none). */
export function answerIconCss(icon: AnswerIcon): string {
  if (!icon) return ''
  const look =
    'url' in icon
      ? `content:""/"";background:var(--sf) center/cover url(${cssString(icon.url)})`
      : `content:${cssString(icon.emoji)}/"";background:${icon.background ?? 'var(--sf)'}`
  return `.log .msg.assistant{position:relative;padding-inline-start:34px}
.log .msg.assistant::before{${look};position:absolute;inset-inline-start:0;top:0;width:26px;height:26px;border-radius:50%;display:grid;place-items:center;font-size:15px;line-height:1}`
}
