import type { AppInput } from '@parley/shared'
import { describe, expect, it, vi } from 'vitest'
import { addContext, readContext } from './page-context.ts'

const input = (variable: string, maxLength?: number): AppInput => ({
  variable,
  label: variable,
  type: 'text-input',
  required: false,
  ...(maxLength ? { maxLength } : {}),
})

describe('data-context', () => {
  it('reads url and title, with commas or spaces, in any case', () => {
    const warn = vi.fn()
    expect(readContext('url,title', warn)).toEqual(['url', 'title'])
    expect(readContext(' Title  URL ', warn)).toEqual(['title', 'url'])
    expect(readContext(undefined, warn)).toEqual([])
    expect(warn).not.toHaveBeenCalled()
  })

  it('warns about a part it does not know and keeps the rest', () => {
    const warn = vi.fn()
    expect(readContext('url,cookies', warn)).toEqual(['url'])
    expect(warn).toHaveBeenCalledWith('data-context="url,cookies" is not valid; using the default')
  })

  it('sends only the inputs the app declares, read at each send, cut to their length', () => {
    let declared: AppInput[] | undefined
    const inputs: Record<string, unknown> = { plan: 'pro' }
    addContext(inputs, ['url', 'title'], () => declared)
    document.title = 'Pricing'
    // Not known yet, then not declared: left out of the request.
    expect(JSON.parse(JSON.stringify({ ...inputs }))).toEqual({ plan: 'pro' })
    declared = [input('page_title', 4)]
    expect({ ...inputs }).toEqual({ plan: 'pro', page_url: undefined, page_title: 'Pric' })
    declared = [input('page_title'), input('page_url')]
    document.title = ' Checkout '
    expect({ ...inputs }).toEqual({ plan: 'pro', page_url: location.href, page_title: 'Checkout' })
  })

  it('lets data-inputs and Parley.setInputs() win', () => {
    const inputs: Record<string, unknown> = { page_url: 'https://shop.example/fixed' }
    addContext(inputs, ['url', 'title'], () => [input('page_title'), input('page_url')])
    Object.assign(inputs, { page_title: 'Set by the page' })
    expect({ ...inputs }).toEqual({
      page_url: 'https://shop.example/fixed',
      page_title: 'Set by the page',
    })
  })
})
