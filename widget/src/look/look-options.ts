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
 * | data-teaser | – | a message beside the launcher, once per tab session (Teaser.tsx) |
 * | data-teaser-delay | 3 | seconds after the app started before the teaser shows, 0 to 600 |
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
  teaserDelay(value: string) {
    const seconds = Number(value)
    return value !== '' && seconds >= 0 && seconds <= 600 ? seconds : undefined
  },
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

export interface TeaserOptions {
  text: string | null
  delaySeconds: number
}

/** The teaser's attributes, read apart from the footer's: the two components each read their own. */
export function readTeaserOptions(data: Data, warn = warnConsole): TeaserOptions {
  const { text, read } = attributeReader(data, PARSERS, '', warn, kebab)
  return { text: text('teaser'), delaySeconds: read('teaserDelay', 3) }
}
