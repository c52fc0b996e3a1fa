/**
 * Dify `/site` (v1.14.1, dify-api.md Part 2 §H) → the `AppLook` the widget may show. Whatever
 * answers at DIFY_API_URL is untrusted: each field passes only in a shape the widget can use as
 * is (a plain colour, an http(s) link, short plain text), else it is null.
 */
import type { AppLook } from '@parley/shared'
import { REDACTED } from './redact.ts'

/** What the look of an app without a site (or with an unusable one) is. */
export const NO_LOOK: AppLook = {
  color: null,
  answerIcon: null,
  disclaimer: null,
  privacyPolicy: null,
  copyright: null,
  language: null,
}

export const LOOK_LIMITS = {
  disclaimer: 1000,
  copyright: 200,
  emoji: 16,
  language: 35,
  url: 2048,
} as const

export interface LookContext {
  /** Keeps the Dify key out of every text. */
  redact(text: string): string
  /** An image URL made absolute against Dify's origin, or null when it is not on a Dify file origin. */
  fileUrl(url: unknown): string | null
}

/** `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`. */
const HEX_COLOR = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i
/** A named colour (the longest, `lightgoldenrodyellow`, has 20 letters). */
const NAMED_COLOR = /^[a-z]{3,20}$/i
/** Alphabetic words that are valid CSS but no colour of the owner's choosing. */
const NOT_COLORS = new Set(['inherit', 'initial', 'unset', 'revert', 'currentcolor'])
/** `en`, `en-US`, `zh-Hans`, `sr-Latn-RS`. */
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i
/**
 * One emoji (a ZWJ sequence, a flag, a skin tone): emoji characters and their joiners and
 * selectors (Emoji_Component) only, at least one of them a pictograph or a flag letter.
 */
const EMOJI =
  /^(?=.*[\p{Extended_Pictographic}\p{Regional_Indicator}])[\p{Emoji}\p{Emoji_Component}]+$/u
/** C0 and C1 controls, DEL, and bidi marks, overrides and isolates (they reorder the text after them). */
const CONTROLS = /[\p{Cc}\p{Bidi_Control}]/gu
const CONTROLS_BUT_NEWLINE = /(?!\n)[\p{Cc}\p{Bidi_Control}]/gu

/** A plain CSS colour, or null: never anything that could carry more CSS (`;`, `{}`, `()`, `url`). */
export function cssColor(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const color = value.trim()
  if (HEX_COLOR.test(color)) return color
  const name = color.toLowerCase()
  return NAMED_COLOR.test(name) && !NOT_COLORS.has(name) && !name.includes('url') ? name : null
}

/** An absolute http(s) URL without credentials, as the URL parser writes it; else null. */
export function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > LOOK_LIMITS.url) return null
  // The parser would drop tabs and newlines inside a URL; a link that has them is refused instead.
  if (!/^https?:\/\/[^\s\p{Cc}]+$/iu.test(value)) return null
  try {
    const url = new URL(value)
    return url.username === '' && url.password === '' ? url.href : null
  } catch {
    return null
  }
}

/**
 * Upstream text as plain text: controls stripped (newlines kept where `multiline`), the key
 * redacted, capped at `max` characters with an ellipsis; null when nothing is left.
 */
export function plainText(
  value: unknown,
  max: number,
  redact: (text: string) => string,
  multiline = false,
): string | null {
  if (typeof value !== 'string') return null
  const spaced = multiline
    ? value.replace(/\r\n?/g, '\n').replace(/\t/g, ' ')
    : value.replace(/[\r\n\t]+/g, ' ')
  const clean = redact(spaced.replace(multiline ? CONTROLS_BUT_NEWLINE : CONTROLS, '')).trim()
  if (clean === '') return null
  if (clean.length <= max) return clean
  // Never cut a surrogate pair in half.
  const end = /[\ud800-\udbff]/.test(clean.charAt(max - 2)) ? max - 2 : max - 1
  return `${clean.slice(0, end)}…`
}

function emoji(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const icon = value.trim()
  return icon.length <= LOOK_LIMITS.emoji && EMOJI.test(icon) ? icon : null
}

function language(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const tag = value.trim()
  return tag.length <= LOOK_LIMITS.language && LANGUAGE_TAG.test(tag) ? tag : null
}

/** A link that carries the key (spelled out, or redacted already in Dify's body) is no link to show. */
function keyless(url: string | null, ctx: LookContext): string | null {
  return url !== null && !url.includes(REDACTED) && ctx.redact(url) === url ? url : null
}

/** The answer icon, only when the owner chose to use the app icon for answers. */
function answerIcon(site: Record<string, unknown>, ctx: LookContext): AppLook['answerIcon'] {
  if (site.use_icon_as_answer_icon !== true) return null
  if (site.icon_type === 'emoji') {
    const icon = emoji(site.icon)
    return icon ? { type: 'emoji', emoji: icon, background: cssColor(site.icon_background) } : null
  }
  if (site.icon_type === 'image') {
    // A signed URL on Dify's file origin (relative when Dify's FILES_URL is unset): made absolute.
    const raw = typeof site.icon_url === 'string' ? site.icon_url : ''
    const url = keyless(raw.length <= LOOK_LIMITS.url ? ctx.fileUrl(raw) : null, ctx)
    return url ? { type: 'image', url } : null
  }
  return null
}

/** The look of a `/site` answer (an object read from JSON). */
export function siteLook(site: Record<string, unknown>, ctx: LookContext): AppLook {
  return {
    color: cssColor(site.chat_color_theme),
    answerIcon: answerIcon(site, ctx),
    disclaimer: plainText(site.custom_disclaimer, LOOK_LIMITS.disclaimer, ctx.redact, true),
    privacyPolicy: keyless(httpUrl(site.privacy_policy), ctx),
    copyright: plainText(site.copyright, LOOK_LIMITS.copyright, ctx.redact),
    language: language(site.default_language),
  }
}
