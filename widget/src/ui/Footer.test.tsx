import type { AppLook } from '@parley/shared'
import { cleanup } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import { fakeRelay, json } from '../../test/fake-relay.ts'
import { renderIn, type TestWidget, testWidget } from '../../test/widget.tsx'
import type { WidgetConfig } from '../config.ts'
import { Footer } from './Footer.tsx'

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

async function footer(config: Partial<WidgetConfig> = {}, dify: Partial<AppLook> = look) {
  const relay = fakeRelay()
  relay.on('GET /api/app', () => json({ inputs: [], look: { ...look, ...dify }, features: {} }))
  widget = testWidget({ config, fetch: relay.fetch })
  await widget.appInfo.load()
  const { container } = renderIn(widget, <Footer />)
  return container.querySelector('[data-parley=footer]')
}

describe('<Footer>', () => {
  it('shows the disclaimer, copyright and privacy link set in Dify', async () => {
    const el = await footer()
    expect([...(el?.querySelectorAll('p') ?? [])].map((p) => p.textContent)).toEqual([
      'AI answers can be wrong.',
      '© Acme · Privacy policy',
    ])
    const link = el?.querySelector('a')
    expect(link?.getAttribute('href')).toBe('https://acme.example/privacy')
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer')
  })

  it('takes the data attributes over Dify’s, and `none` hides Dify’s', async () => {
    const el = await footer({
      disclaimer: 'Ours.',
      copyright: 'none',
      privacyUrl: 'https://page.example/p',
    })
    expect(el?.textContent).toBe('Ours.Privacy policy')
    expect(el?.querySelector('a')?.getAttribute('href')).toBe('https://page.example/p')
  })

  it('renders nothing when there is nothing to say', async () => {
    expect(await footer({}, { disclaimer: null, copyright: null, privacyPolicy: null })).toBeNull()
    cleanup()
    expect(await footer({ disclaimer: 'none', copyright: 'none', privacyUrl: 'none' })).toBeNull()
  })
})
