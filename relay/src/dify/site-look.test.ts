import { describe, expect, it } from 'vitest'
import { API_KEY } from '../../test/test-kit.ts'
import { keyRedactor } from './redact.ts'
import { cssColor, httpUrl, LOOK_LIMITS, NO_LOOK, plainText, siteLook } from './site-look.ts'
import { fileUrlResolver } from './urls.ts'

const ctx = {
  redact: keyRedactor(API_KEY),
  fileUrl: fileUrlResolver('https://dify.test', 'https://files.example.com'),
}
const same = (text: string) => text

/** `/site` as Dify v1.14.1 sends it, keys in its order. */
const SITE = {
  title: 'Support Bot',
  chat_color_theme: '#1C64F2',
  chat_color_theme_inverted: false,
  icon_type: 'emoji',
  icon: '🤖',
  icon_background: '#E0EAFF',
  description: 'Answers questions',
  copyright: '© Acme 2026',
  privacy_policy: 'https://acme.example/privacy',
  custom_disclaimer: 'Answers may be wrong.\nCheck the manual.',
  default_language: 'en-US',
  show_workflow_steps: true,
  use_icon_as_answer_icon: true,
  icon_url: null,
}

describe('siteLook', () => {
  it('passes on a well-formed site', () => {
    expect(siteLook(SITE, ctx)).toEqual({
      color: '#1C64F2',
      answerIcon: { type: 'emoji', emoji: '🤖', background: '#E0EAFF' },
      disclaimer: 'Answers may be wrong.\nCheck the manual.',
      privacyPolicy: 'https://acme.example/privacy',
      copyright: '© Acme 2026',
      language: 'en-US',
    })
  })

  it('is all null for an empty or foreign object', () => {
    expect(siteLook({}, ctx)).toEqual(NO_LOOK)
    expect(
      siteLook({ chat_color_theme: 3, privacy_policy: {}, custom_disclaimer: ['x'] }, ctx),
    ).toEqual(NO_LOOK)
  })

  it('shows the app icon for answers only when the owner asked for it', () => {
    expect(siteLook({ ...SITE, use_icon_as_answer_icon: false }, ctx).answerIcon).toBeNull()
    expect(siteLook({ ...SITE, use_icon_as_answer_icon: 'yes' }, ctx).answerIcon).toBeNull()
  })

  it('takes an image icon only from a Dify file origin, made absolute', () => {
    const image = { ...SITE, icon_type: 'image', icon: 'f1' }
    const iconOf = (icon_url: unknown) => siteLook({ ...image, icon_url }, ctx).answerIcon
    expect(iconOf('/files/f1/file-preview?sign=x')).toEqual({
      type: 'image',
      url: 'https://dify.test/files/f1/file-preview?sign=x',
    })
    expect(iconOf('https://files.example.com/files/f1/file-preview?sign=x')).toEqual({
      type: 'image',
      url: 'https://files.example.com/files/f1/file-preview?sign=x',
    })
    for (const url of [
      'https://tracker.example/pixel.png',
      'javascript:alert(1)',
      'data:image/svg+xml,<svg onload=alert(1)>',
      `/files/${'x'.repeat(LOOK_LIMITS.url)}`,
      null,
    ]) {
      expect(iconOf(url), String(url).slice(0, 40)).toBeNull()
    }
    // Dify's `link` icons and unknown kinds are not shown.
    expect(
      siteLook({ ...image, icon_type: 'link', icon_url: '/files/a' }, ctx).answerIcon,
    ).toBeNull()
  })

  it('takes an emoji icon only when it is an emoji', () => {
    const emojiOf = (icon: unknown) => siteLook({ ...SITE, icon }, ctx).answerIcon?.type === 'emoji'
    for (const good of ['🤖', '👩🏽‍💻', '🇩🇪', '❤️']) expect(emojiOf(good), good).toBe(true)
    for (const bad of ['robot_face', '123', '<img>', '🤖'.repeat(9), '', 7]) {
      expect(emojiOf(bad), String(bad)).toBe(false)
    }
    const hostileBackground = { ...SITE, icon_background: 'red;background:url(x)' }
    expect(siteLook(hostileBackground, ctx).answerIcon).toEqual({
      type: 'emoji',
      emoji: '🤖',
      background: null,
    })
  })

  it('redacts the Dify key echoed in its texts, and drops links that carry it', () => {
    const look = siteLook(
      {
        ...SITE,
        custom_disclaimer: `Key: ${API_KEY}.`,
        copyright: `© ${API_KEY.slice(4)}`,
        privacy_policy: `https://acme.example/privacy?k=${API_KEY}`,
      },
      ctx,
    )
    expect(look.disclaimer).toBe('Key: [redacted].')
    expect(look.copyright).toBe('© [redacted]')
    expect(look.privacyPolicy).toBeNull()
    expect(JSON.stringify(look)).not.toContain(API_KEY.slice(4, 16))
    // The client redacts Dify's whole body before parsing it: such a link arrives redacted already.
    const redacted = { ...SITE, privacy_policy: 'https://acme.example/privacy?k=[redacted]' }
    expect(siteLook(redacted, ctx).privacyPolicy).toBeNull()
  })

  it('caps a huge disclaimer and a long copyright', () => {
    const look = siteLook(
      { ...SITE, custom_disclaimer: 'x'.repeat(1024 * 1024), copyright: 'c'.repeat(500) },
      ctx,
    )
    expect(look.disclaimer).toHaveLength(LOOK_LIMITS.disclaimer)
    expect(look.disclaimer?.endsWith('…')).toBe(true)
    expect(look.copyright).toHaveLength(LOOK_LIMITS.copyright)
  })

  it('takes a BCP 47 language tag, nothing else', () => {
    const languageOf = (default_language: unknown) =>
      siteLook({ ...SITE, default_language }, ctx).language
    for (const tag of ['en', 'en-US', 'zh-Hans', 'sr-Latn-RS', 'pt-BR']) {
      expect(languageOf(tag)).toBe(tag)
    }
    for (const bad of ['english', 'en_US', 'en-US;x', `en-${'a1b2c3d4-'.repeat(4)}x`, '', 1]) {
      expect(languageOf(bad), String(bad)).toBeNull()
    }
  })
})

describe('cssColor', () => {
  it('takes hex colours and plain colour names', () => {
    for (const color of ['#fff', '#FFFF', '#2563eb', '#2563EB80'])
      expect(cssColor(color)).toBe(color)
    expect(cssColor(' RebeccaPurple ')).toBe('rebeccapurple')
  })

  it('refuses anything that could carry more CSS', () => {
    for (const bad of [
      'red;background:url(x)',
      'url(https://tracker.example/x.png)',
      'rgb(0 0 0)',
      'red}body{display:none',
      'expression(alert(1))',
      '#12345',
      '#ggg',
      'red blue',
      'inherit',
      'currentColor',
      'urlred',
      'a'.repeat(21),
      '',
      null,
    ]) {
      expect(cssColor(bad), String(bad)).toBeNull()
    }
  })
})

describe('httpUrl', () => {
  it('takes absolute http(s) URLs', () => {
    expect(httpUrl('https://acme.example/privacy')).toBe('https://acme.example/privacy')
    expect(httpUrl('HTTP://Acme.example/p?q=1#x')).toBe('http://acme.example/p?q=1#x')
  })

  it('refuses other schemes, relative links, credentials, whitespace and overlong links', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(document.cookie)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '//evil.example/x',
      '/privacy',
      'https://user:pass@acme.example/',
      'https://acme.example@evil.example/',
      'https://acme.example/a\tb',
      'https://acme.example/\u0000',
      `https://acme.example/${'p'.repeat(LOOK_LIMITS.url)}`,
      'https://',
    ]) {
      expect(httpUrl(bad), bad).toBeNull()
    }
  })
})

describe('plainText', () => {
  it('strips control characters and bidi overrides, keeping newlines only where asked', () => {
    const raw = 'Line\u0000 one\u0007\r\nLine\u202e two\u009b\tend\u001b[31m'
    expect(plainText(raw, 100, same, true)).toBe('Line one\nLine two end[31m')
    expect(plainText(raw, 100, same)).toBe('Line one Line two end[31m')
  })

  it('is null when nothing is left', () => {
    expect(plainText('  \u0000\u0001 ', 100, same)).toBeNull()
    expect(plainText('', 100, same)).toBeNull()
  })

  it('never cuts an emoji in half at the cap', () => {
    const capped = plainText(`${'a'.repeat(8)}😀😀`, 10, same)
    expect(capped).toBe(`${'a'.repeat(8)}…`)
  })
})
