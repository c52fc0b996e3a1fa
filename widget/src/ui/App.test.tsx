import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { $app } from '../stores/app.ts'
import { $messages } from '../stores/messages.ts'
import { $ui, closePanel, openPanel } from '../stores/ui.ts'
import { testView } from '../test-utils/view.ts'
import { App } from './App.tsx'

const q = (hook: string) =>
  document.querySelector<HTMLElement>(`[data-parley="${hook}"]`) as HTMLElement

beforeEach(() => {
  $ui.set({ open: false, unread: false, dark: false })
  $messages.set([])
  $app.set({ info: null, demo: false })
})
afterEach(() => {
  cleanup()
  closePanel()
})

describe('<App> in bubble mode', () => {
  it('has a labelled launcher that opens a labelled dialog', async () => {
    render(<App view={testView({ title: 'Support' })} />)
    const launcher = q('launcher')
    expect(launcher.tagName).toBe('BUTTON')
    expect(launcher.getAttribute('aria-label')).toBe('Chat')
    expect(launcher.getAttribute('aria-expanded')).toBe('false')
    expect(q('panel').hidden).toBe(true)
    fireEvent.click(launcher)
    await waitFor(() => expect(q('panel').hidden).toBe(false))
    expect(launcher.getAttribute('aria-expanded')).toBe('true')
    expect(screen.getByRole('dialog').getAttribute('aria-label')).toBe('Support')
    expect(q('messages').getAttribute('role')).toBe('log')
  })

  it('closes on Escape and gives focus back to the launcher', async () => {
    render(<App view={testView()} />)
    openPanel()
    await waitFor(() => expect(document.activeElement).toBe(q('input')))
    fireEvent.keyDown(q('input'), { key: 'Escape' })
    await waitFor(() => expect(q('panel').hidden).toBe(true))
    expect($ui.get().open).toBe(false)
    expect(document.activeElement).toBe(q('launcher'))
  })

  it('shows the unread dot when an answer arrives while closed', async () => {
    const { container } = render(<App view={testView()} />)
    $ui.set({ ...$ui.get(), unread: true })
    await waitFor(() => expect(container.querySelector('.dot')).not.toBeNull())
    openPanel()
    await waitFor(() => expect(container.querySelector('.dot')).toBeNull())
  })

  it('says when the relay runs in demo mode, and follows the accent and side', async () => {
    const { container } = render(<App view={testView({ position: 'left', color: '#0f766e' })} />)
    $app.set({ info: null, demo: true })
    await waitFor(() => expect(screen.getByText('Demo mode')).toBeTruthy())
    const root = container.querySelector('.root') as HTMLElement
    expect(root.classList.contains('left')).toBe(true)
    expect(root.style.getPropertyValue('--a')).toBe('#0f766e')
    expect(root.hasAttribute('style') && !root.getAttribute('style')?.includes('<')).toBe(true)
  })
})

describe('<App> in inline mode', () => {
  it('renders the panel without launcher or close button', () => {
    render(<App view={testView({ mode: 'inline', target: '#x' })} />)
    expect(q('launcher')).toBeNull()
    expect(q('close')).toBeNull()
    expect(q('panel').hidden).toBe(false)
  })
})

describe('right-to-left', () => {
  it('sets dir and lang on the widget root', () => {
    const view = { ...testView({}, 'ar'), dir: 'rtl' as const }
    const { container } = render(<App view={view} />)
    const root = container.querySelector('.root') as HTMLElement
    expect(root.getAttribute('dir')).toBe('rtl')
    expect(root.getAttribute('lang')).toBe('ar')
    expect(q('send').getAttribute('aria-label')).toBe('إرسال')
  })
})
