import type { AppInput } from '@parley/shared'
import { describe, expect, it } from 'vitest'
import { addContext } from './page-context.ts'

const input = (variable: string, maxLength?: number): AppInput => ({
  variable,
  label: variable,
  type: 'text-input',
  required: false,
  ...(maxLength ? { maxLength } : {}),
})

describe('data-context', () => {
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
    // Cut by characters as Dify counts them: an emoji is never halved.
    declared = [input('page_title', 3)]
    document.title = 'A🥾 boots'
    expect({ ...inputs }.page_title).toBe('A🥾 ')
  })

  it('goes only to an input declared as text', () => {
    const inputs: Record<string, unknown> = {}
    addContext(inputs, ['url'], () => [{ ...input('page_url'), type: 'number' }])
    expect({ ...inputs }.page_url).toBeUndefined()
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
