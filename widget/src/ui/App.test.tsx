import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import { fakeRelay, json } from '../../test/fake-relay.ts'
import { testLauncher, testView } from '../../test/view.ts'
import { renderIn, type TestWidget, testWidget } from '../../test/widget.tsx'
import type { LauncherHandle } from '../handoff.ts'
import { App } from './App.tsx'

const q = (hook: string) =>
  document.querySelector<HTMLElement>(`[data-parley="${hook}"]`) as HTMLElement

let widget: TestWidget | null = null
const show = (
  options: Parameters<typeof testWidget>[0],
  launcher: LauncherHandle | null = testLauncher(),
) => {
  widget = testWidget(options)
  return { widget, ...renderIn(widget, <App launcher={launcher} />) }
}

afterEach(() => {
  cleanup()
  widget?.destroy()
  widget = null
  document.body.replaceChildren()
})

describe('<App> in bubble mode', () => {
  it('opens a labelled dialog with a log', async () => {
    const { widget } = show({ config: { title: 'Support' } })
    expect(q('panel').hidden).toBe(true)
    widget.panel.open()
    await waitFor(() => expect(q('panel').hidden).toBe(false))
    expect(screen.getByRole('dialog').getAttribute('aria-label')).toBe('Support')
    expect(q('messages').getAttribute('role')).toBe('log')
  })

  it('closes on Escape and gives focus back to the launcher', async () => {
    const { widget } = show({})
    widget.panel.open()
    await waitFor(() => expect(document.activeElement).toBe(q('input')))
    fireEvent.keyDown(q('input'), { key: 'Escape' })
    await waitFor(() => expect(q('panel').hidden).toBe(true))
    expect(widget.panel.$panel.get().open).toBe(false)
    expect(document.activeElement).toBe(q('launcher'))
  })

  it('says when the relay runs in demo mode, and follows the accent and side', async () => {
    const relay = fakeRelay()
    relay.on('GET /healthz', () => json({ ok: true, mode: 'demo', version: 'test' }))
    const { widget, container } = show(
      { config: { position: 'left', color: '#0f766e' }, fetch: relay.fetch },
      null,
    )
    await widget.appInfo.load()
    await waitFor(() => expect(screen.getByText('Demo mode')).toBeTruthy())
    const root = container.querySelector('.root') as HTMLElement
    expect(root.classList.contains('left')).toBe(true)
    expect(root.style.getPropertyValue('--a')).toBe('var(--parley-accent, #0f766e)')
    expect(root.hasAttribute('style') && !root.getAttribute('style')?.includes('<')).toBe(true)
  })

  it('takes the colour set in Dify, for the panel and the launcher, unless the page set data-color', async () => {
    const relay = fakeRelay()
    relay.on('GET /api/app', () => json({ inputs: [], look: { color: '#7c3aed' }, features: {} }))
    const launcher = testLauncher()
    const { widget, container } = show({ fetch: relay.fetch }, launcher)
    await widget.appInfo.load()
    const root = container.querySelector('.root') as HTMLElement
    await waitFor(() =>
      expect(root.style.getPropertyValue('--a')).toBe('var(--parley-accent, #7c3aed)'),
    )
    expect(launcher.button.style.getPropertyValue('--a')).toBe('var(--parley-accent, #7c3aed)')
    cleanup()

    const own = testWidget({ config: { color: '#0f766e' }, fetch: relay.fetch })
    own.view.ownColor = true
    const mine = renderIn(own, <App launcher={null} />)
    await own.appInfo.load()
    const ownRoot = mine.container.querySelector('.root') as HTMLElement
    expect(ownRoot.style.getPropertyValue('--a')).toBe('var(--parley-accent, #0f766e)')
    own.destroy()
  })

  it('follows the theme: dark adds the class', () => {
    const { container } = show({ config: { theme: 'dark' } }, null)
    expect(container.querySelector('.root')?.classList.contains('dark')).toBe(true)
  })
})

describe('<App> in inline mode', () => {
  it('renders the panel without close button', () => {
    show({ config: { mode: 'inline', target: '#x' } }, null)
    expect(q('close')).toBeNull()
    expect(q('panel').hidden).toBe(false)
  })
})

describe('right-to-left', () => {
  it('sets dir and lang on the widget root', () => {
    widget = testWidget({ lang: 'ar' })
    const view = { ...testView({}, 'ar'), dir: 'rtl' as const }
    const { container } = renderIn({ ...widget, view }, <App launcher={null} />)
    const root = container.querySelector('.root') as HTMLElement
    expect(root.getAttribute('dir')).toBe('rtl')
    expect(root.getAttribute('lang')).toBe('ar')
    expect(q('send').getAttribute('aria-label')).toBe('إرسال')
  })
})
