/**
 * The data attributes the look chunk reads itself, when it loads (its warnings, like its bytes,
 * wait for it). Each overrides what the owner set in Dify (`/site`); `none` hides Dify's.
 *
 * | attribute | default | |
 * |---|---|---|
 * | data-disclaimer | Dify's disclaimer | text under the composer |
 * | data-copyright | Dify's copyright | text under the composer |
 * | data-privacy-url | Dify's privacy policy | http(s) link under the composer |
 * | data-answer-icon | Dify's answer icon | beside each answer: an http(s) image URL or an emoji |
 */
import { attributeReader, type Data, kebab, pageUrl, warnConsole } from '../config.ts'

export interface LookOptions {
  disclaimer: string | null
  copyright: string | null
  privacyUrl: string | null
  answerIcon: string | null
}

/** An emoji (with its modifiers and joiners) or a letter or two: short, no spaces, no URL marks. */
const isShortText = (value: string) => value.length <= 16 && !/[\s/.:]/.test(value)

const PARSERS = {
  privacyUrl: (value: string) => (value === 'none' ? value : pageUrl(value)),
  answerIcon: (value: string) => (value === 'none' || isShortText(value) ? value : pageUrl(value)),
}

export function readLookOptions(data: Data, warn = warnConsole): LookOptions {
  const { text, read } = attributeReader(data, PARSERS, '', warn, kebab)
  return {
    disclaimer: text('disclaimer'),
    copyright: text('copyright'),
    privacyUrl: read('privacyUrl', null),
    answerIcon: read('answerIcon', null),
  }
}
