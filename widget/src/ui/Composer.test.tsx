import { cleanup, fireEvent, waitFor } from '@testing-library/preact'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeRelay, sse } from '../../test/fake-relay.ts'
import { renderIn, type TestWidget, testWidget } from '../../test/widget.tsx'
import { Composer } from './Composer.tsx'

let widget: TestWidget
let release = () => {}
const messages = () => widget.chat.$messages.get()

beforeEach(() => {
  sessionStorage.clear()
  const relay = fakeRelay()
  relay.on('POST /api/chat', () =>
    sse([{ type: 'delta', text: '…' }], { hold: new Promise((r) => (release = r)) }),
  )
  widget = testWidget({ config: { placeholder: 'Ask us' }, fetch: relay.fetch })
})
afterEach(() => {
  vi.unstubAllGlobals()
  cleanup()
  release()
  widget.destroy()
})

const setup = () => {
  const { container } = renderIn(widget, <Composer />)
  const input = container.querySelector('[data-parley="input"]') as HTMLTextAreaElement
  return { container, input }
}

describe('<Composer>', () => {
  it('uses the configured placeholder as placeholder and label', () => {
    const { input } = setup()
    expect(input.placeholder).toBe('Ask us')
    expect(input.getAttribute('aria-label')).toBe('Ask us')
  })

  it('sends on Enter and clears the input', async () => {
    const { input } = setup()
    fireEvent.input(input, { target: { value: 'Hello' } })
    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })
    input.dispatchEvent(enter)
    expect(enter.defaultPrevented).toBe(true)
    expect(messages()[0]).toMatchObject({ role: 'user', text: 'Hello' })
    await waitFor(() => expect(input.value).toBe(''))
  })

  it('keeps Shift+Enter for a new line', () => {
    const { input } = setup()
    fireEvent.input(input, { target: { value: 'line one' } })
    const shiftEnter = new KeyboardEvent('keydown', {
      key: 'Enter',
      shiftKey: true,
      bubbles: true,
      cancelable: true,
    })
    input.dispatchEvent(shiftEnter)
    expect(shiftEnter.defaultPrevented).toBe(false)
    expect(messages()).toEqual([])
  })

  it('turns the send button into stop while streaming', async () => {
    const { container, input } = setup()
    const send = container.querySelector('[data-parley="send"]') as HTMLButtonElement
    expect(send.disabled).toBe(true)
    fireEvent.input(input, { target: { value: 'Hi' } })
    await waitFor(() => expect(send.disabled).toBe(false))
    fireEvent.click(send)
    await waitFor(() => expect(container.querySelector('[data-parley="stop"]')).not.toBeNull())
    const stopFetch = vi.fn()
    fireEvent.click(container.querySelector('[data-parley="stop"]') as HTMLElement)
    expect(stopFetch).not.toHaveBeenCalled()
    await waitFor(() => expect(container.querySelector('[data-parley="send"]')).not.toBeNull())
    expect(messages()[1]?.state).toBe('done')
  })

  it('grows with its text where the engine has no field-sizing (WebKit), by its content height', async () => {
    vi.stubGlobal('CSS', { supports: () => false })
    const { input } = setup()
    Object.defineProperty(input, 'scrollHeight', { configurable: true, get: () => 64 })
    Object.defineProperty(input, 'offsetHeight', { configurable: true, get: () => 44 })
    Object.defineProperty(input, 'clientHeight', { configurable: true, get: () => 42 })
    fireEvent.input(input, { target: { value: 'one\ntwo\nthree' } })
    // The content's height (with padding) and the two 1px borders.
    await waitFor(() => expect(input.style.height).toBe('66px'))
  })

  it('leaves the height to CSS where field-sizing: content works', async () => {
    vi.stubGlobal('CSS', { supports: () => true })
    const { input } = setup()
    fireEvent.input(input, { target: { value: 'one\ntwo' } })
    await waitFor(() => expect(input.value).toBe('one\ntwo'))
    expect(input.style.height).toBe('')
  })
})
