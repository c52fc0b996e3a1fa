import { cleanup, render, waitFor } from '@testing-library/preact'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type TestWidget, testWidget } from '../../test/widget.tsx'
import { syncTabs } from '../history/tab-sync.ts'
import { guardFocus } from './focus-guard.ts'
import { Panel } from './Panel.tsx'
import { WidgetContext } from './widget-context.ts'

let widget: TestWidget
let host: HTMLElement
let link: HTMLAnchorElement
/** What `document.elementFromPoint` finds: the widget's host while it covers the link. */
let onTop: () => Element

const box = (top: number, height: number) =>
  ({ top, bottom: top + height, left: 900, right: 1000, width: 100, height }) as DOMRect

/** The panel in a shadow root, as on a page, over a page link at y 500–525. */
function show(mode: 'bubble' | 'inline' = 'bubble') {
  widget = testWidget({ config: { mode }, page: () => Promise.resolve({ guardFocus, syncTabs }) })
  widget.panel.open()
  host = document.createElement('div')
  link = document.createElement('a')
  link.href = '#shipping'
  link.textContent = 'Shipping'
  link.getBoundingClientRect = () => box(500 - scrollY, 25)
  document.body.append(link, host)
  const container = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('div'))
  render(
    <WidgetContext.Provider value={widget}>
      <Panel open onClose={() => widget.panel.close()} />
    </WidgetContext.Provider>,
    { container },
  )
  const panel = container.querySelector('[data-parley="panel"]') as HTMLElement
  panel.getBoundingClientRect = () => box(72, 640)
  onTop = () => host
  vi.spyOn(document, 'elementFromPoint').mockImplementation(() => onTop())
}

/** The page chunk arrives a microtask after the panel opens. */
const guarded = () => new Promise((resolve) => setTimeout(resolve))
const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))

beforeEach(() => {
  sessionStorage.clear()
  window.scrollTo(0, 0)
})

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  widget.destroy()
  document.body.replaceChildren()
})

describe('<Panel> keeps page focus in sight (WCAG 2.4.11)', () => {
  it('scrolls a page element focused under the open panel to just above it', async () => {
    show()
    await guarded()
    const scrollBy = vi.spyOn(window, 'scrollBy').mockImplementation(() => {
      onTop = () => link
    })
    link.focus()
    await waitFor(() => expect(scrollBy).toHaveBeenCalledTimes(1))
    // Its bottom (525) goes 8 px above the panel's top (72).
    expect(scrollBy).toHaveBeenCalledWith({ top: 525 - 72 + 8, behavior: 'instant' })
    await frame()
    expect(widget.panel.$panel.get().open).toBe(true)
    expect(document.activeElement).toBe(link)
  })

  it('closes the panel when scrolling cannot show it, and leaves focus where the visitor put it', async () => {
    show()
    await guarded()
    vi.spyOn(window, 'scrollBy').mockImplementation(() => {})
    link.focus()
    await waitFor(() => expect(widget.panel.$panel.get().open).toBe(false))
    expect(document.activeElement).toBe(link)
  })

  it('leaves the page alone when the focused element shows, or focus stays in the widget', async () => {
    show()
    await guarded()
    const scrollBy = vi.spyOn(window, 'scrollBy')
    onTop = () => link
    link.focus()
    await frame()
    onTop = () => host
    const input = host.shadowRoot?.querySelector<HTMLElement>('[data-parley="input"]')
    input?.focus()
    expect(host.shadowRoot?.activeElement).toBe(input)
    await frame()
    expect(scrollBy).not.toHaveBeenCalled()
    expect(widget.panel.$panel.get().open).toBe(true)
  })

  it('does nothing inline, where the chat is part of the page', async () => {
    show('inline')
    await guarded()
    const scrollBy = vi.spyOn(window, 'scrollBy')
    link.focus()
    await frame()
    await frame()
    expect(scrollBy).not.toHaveBeenCalled()
    expect(widget.panel.$panel.get().open).toBe(true)
  })
})

describe('<Panel> expand', () => {
  const panelEl = () =>
    host.shadowRoot?.querySelector<HTMLElement>('[data-parley="panel"]') as HTMLElement
  const expand = () => host.shadowRoot?.querySelector<HTMLButtonElement>('[data-parley="expand"]')

  it('fills the browser window and back, saying so as a pressed toggle', async () => {
    show()
    const button = expand() as HTMLButtonElement
    expect(button.getAttribute('aria-label')).toBe('Expand')
    expect(button.getAttribute('aria-pressed')).toBe('false')
    expect(panelEl().classList.contains('full')).toBe(false)
    const before = button.querySelector('path')?.getAttribute('d')
    button.click()
    await waitFor(() => expect(panelEl().classList.contains('full')).toBe(true))
    expect(button.getAttribute('aria-pressed')).toBe('true')
    expect(button.querySelector('path')?.getAttribute('d')).not.toBe(before)
    button.click()
    await waitFor(() => expect(panelEl().classList.contains('full')).toBe(false))
    expect(button.getAttribute('aria-pressed')).toBe('false')
  })

  it('has no expand toggle inline, where the page sizes the chat', () => {
    show('inline')
    expect(expand()).toBeNull()
  })
})
