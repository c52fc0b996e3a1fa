import { act, cleanup, fireEvent, render } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { de } from '../i18n/de.ts'
import { en } from '../i18n/en.ts'
import { CodeBlock } from './CodeBlock.tsx'

afterEach(() => {
  cleanup()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('<CodeBlock>', () => {
  it('shows the language and makes the code a labelled, focusable region', () => {
    const { container } = render(<CodeBlock code={'print(1)\n'} lang="python" t={en} />)
    expect(container.querySelector('.bar span')?.textContent).toBe('python')
    const pre = container.querySelector('pre')
    expect(pre?.getAttribute('tabindex')).toBe('0')
    expect(pre?.getAttribute('role')).toBe('region')
    expect(pre?.getAttribute('aria-label')).toBe('Code: python')
    expect(pre?.textContent).toBe('print(1)\n')
  })

  it('labels code without a language', () => {
    const { container } = render(<CodeBlock code="x" lang="" t={en} />)
    expect(container.querySelector('pre')?.getAttribute('aria-label')).toBe('Code')
    expect(container.querySelector('button')?.textContent).toBe('Copy code')
  })

  it('names the copy button with the language, in the UI language', () => {
    const { getByRole } = render(<CodeBlock code="x" lang="js" t={de} />)
    expect(getByRole('button').getAttribute('aria-label')).toBe('Code kopieren (js)')
    expect(getByRole('region').getAttribute('aria-label')).toBe('Code: js')
  })

  it('copies the code and says so for a moment', async () => {
    vi.useFakeTimers()
    const writeText = vi.fn(() => Promise.resolve())
    vi.stubGlobal('navigator', { clipboard: { writeText } })
    const { getByRole } = render(<CodeBlock code={'a\nb'} lang="txt" t={en} />)
    const button = getByRole('button')
    await act(async () => {
      fireEvent.click(button)
    })
    expect(writeText).toHaveBeenCalledWith('a\nb')
    expect(button.textContent).toBe('Copied')
    expect(button.hasAttribute('aria-label')).toBe(false)
    await act(() => {
      vi.advanceTimersByTime(2000)
    })
    expect(button.textContent).toBe('Copy code')
  })

  it('stays quiet when the clipboard refuses', async () => {
    vi.stubGlobal('navigator', {
      clipboard: { writeText: () => Promise.reject(new Error('denied')) },
    })
    const { getByRole } = render(<CodeBlock code="x" lang="" t={en} />)
    await act(async () => {
      fireEvent.click(getByRole('button'))
    })
    expect(getByRole('button').textContent).toBe('Copy code')
  })
})
