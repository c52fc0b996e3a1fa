import type { AppLook } from '@parley/shared'
import { cleanup, render } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeRelay, json } from '../../test/fake-relay.ts'
import { type TestWidget, testWidget } from '../../test/widget.tsx'
import type { Data } from '../config.ts'
import { answerIcon, answerIconCss } from './answer-icon.ts'
import { Look } from './Look.tsx'
import { readLookOptions } from './look-options.ts'

let widget: TestWidget | null = null
afterEach(() => {
  cleanup()
  widget?.destroy()
  widget = null
})

const look: AppLook = {
  color: null,
  answerIcon: null,
  disclaimer: 'AI answers can be wrong.',
  privacyPolicy: 'https://acme.example/privacy',
  copyright: '© Acme',
  language: null,
}

/** The look chunk rendered in a shadow root (where its sheets go), with these attributes. */
async function show(data: Data = {}, dify: Partial<AppLook> = look) {
  const relay = fakeRelay()
  relay.on('GET /api/app', () => json({ inputs: [], look: { ...look, ...dify }, features: {} }))
  widget = testWidget({ fetch: relay.fetch })
  widget.view.data = data
  await widget.appInfo.load()
  const host = document.createElement('div')
  document.body.append(host)
  const root = host.attachShadow({ mode: 'open' })
  const container = root.appendChild(document.createElement('div'))
  render(<Look widget={widget} />, { container })
  const sheets = () =>
    root.adoptedStyleSheets.flatMap((s) => [...s.cssRules].map((r) => r.cssText)).join('\n')
  return { footer: container.querySelector<HTMLElement>('[data-parley=footer]'), sheets }
}

const paragraphs = (el: Element | null) =>
  [...(el?.querySelectorAll('p') ?? [])].map((p) => p.textContent)

describe('the footer', () => {
  it('shows the disclaimer, copyright and privacy link set in Dify', async () => {
    const { footer } = await show()
    expect(paragraphs(footer)).toEqual(['AI answers can be wrong.', '© Acme · Privacy policy'])
    const link = footer?.querySelector('a')
    expect(link?.getAttribute('href')).toBe('https://acme.example/privacy')
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer')
  })

  it('takes the data attributes over Dify’s, and `none` hides Dify’s', async () => {
    const { footer } = await show({
      disclaimer: 'Ours.',
      copyright: 'none',
      privacyUrl: 'https://page.example/p',
    })
    expect(footer?.textContent).toBe('Ours.Privacy policy')
    expect(footer?.querySelector('a')?.getAttribute('href')).toBe('https://page.example/p')
  })

  it('is empty (and hidden by its sheet) when there is nothing to say', async () => {
    const empty = await show({}, { disclaimer: null, copyright: null, privacyPolicy: null })
    expect(empty.footer?.childElementCount).toBe(0)
    expect(empty.sheets()).toContain('.foot:empty { display: none; }')
    cleanup()
    const hidden = await show({ disclaimer: 'none', copyright: 'none', privacyUrl: 'none' })
    expect(hidden.footer?.childElementCount).toBe(0)
  })
})

describe('the answer icon', () => {
  it('draws Dify’s emoji on its background beside the log’s answers, read by no screen reader', async () => {
    const { sheets } = await show(
      {},
      { answerIcon: { type: 'emoji', emoji: '🤖', background: '#FFEAD5' } },
    )
    expect(sheets()).toMatch(/\.log \.msg\.assistant::before \{ content: "🤖" ?\/ ?"";/)
    expect(sheets()).toContain('#FFEAD5')
  })

  it('takes the page’s data-answer-icon over Dify’s, and `none` hides Dify’s', async () => {
    const dify: Partial<AppLook> = { answerIcon: { type: 'emoji', emoji: '🤖', background: null } }
    expect((await show({ answerIcon: '🦜' }, dify)).sheets()).toContain('"🦜"')
    cleanup()
    expect((await show({ answerIcon: 'none' }, dify)).sheets()).not.toContain('::before')
  })

  it('resolves an image, an emoji and none, and escapes what would end a CSS string', () => {
    expect(answerIcon(null, { type: 'image', url: 'https://files.example/i.png' })).toEqual({
      url: 'https://files.example/i.png',
    })
    expect(answerIcon('https://cdn.example/a.png', null)).toEqual({
      url: 'https://cdn.example/a.png',
    })
    expect(answerIcon(null, null)).toBeNull()
    expect(answerIconCss(null)).toBe('')
    const css = answerIconCss({ url: 'https://x.example/a"){}*{color:red}\\' })
    expect(css).toContain('url("https://x.example/a\\22 ){}*{color:red}\\5c ")')
  })

  it('reads data-answer-icon as an emoji, an http(s) URL or none, and warns about anything else', () => {
    const warn = vi.fn()
    const read = (answerIcon: string) => readLookOptions({ answerIcon }, warn).answerIcon
    expect(read('🧑🏽‍💻')).toBe('🧑🏽‍💻')
    expect(read('none')).toBe('none')
    expect(read('https://cdn.example/bot.png')).toBe('https://cdn.example/bot.png')
    expect(read('/bot.png')).toBe(new URL('/bot.png', document.baseURI).href)
    expect(warn).not.toHaveBeenCalled()
    expect(read('javascript:alert(1)')).toBeNull()
    expect(warn.mock.calls[0]?.[0]).toBe(
      'data-answer-icon="javascript:alert(1)" is not valid; using the default',
    )
  })
})
