import { cleanup, render } from '@testing-library/preact'
import { atom } from 'nanostores'
import { afterEach, describe, expect, it } from 'vitest'
import { Connected } from './connected.ts'

afterEach(cleanup)

const $count = atom(0)

class Count extends Connected {
  stores = [$count]
  override render() {
    return <output>{$count.get()}</output>
  }
}

describe('Connected', () => {
  it('re-renders on store changes and stops listening when unmounted', async () => {
    $count.set(1)
    const { container, unmount } = render(<Count />)
    expect(container.textContent).toBe('1')
    $count.set(2)
    await Promise.resolve()
    await new Promise((r) => setTimeout(r, 0))
    expect(container.textContent).toBe('2')
    expect($count.lc).toBe(1)
    unmount()
    expect($count.lc).toBe(0)
  })
})
