import { describe, expect, it } from 'vitest'
import { browserSuite, expectClean } from './harness/suite.ts'
import { ask, messages, openPanel, part, textOf, until } from './harness/widget.ts'

const suite = browserSuite()

const storageUsed = (page: import('playwright-core').Page) =>
  page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length }))

describe('data-persist', () => {
  it('browser: the conversation survives a browser restart (a new context with the same storage)', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'The Ridge is waterproof.' })
    const first = await suite.open('basic.html', { tag: { persist: 'browser' } })
    await openPanel(first.page)
    expect(await ask(first.page, 'Is the Ridge waterproof?')).toBe('The Ridge is waterproof.')
    expect(await storageUsed(first.page)).toEqual({ local: 1, session: 0 })
    const state = await first.context.storageState()
    expectClean(first, stack)
    await first.close()

    const again = await suite.open('basic.html', {
      tag: { persist: 'browser' },
      storageState: state,
    })
    await openPanel(again.page)
    await messages(again.page, 'user').first().waitFor()
    expect(await textOf(messages(again.page, 'user').first())).toBe('Is the Ridge waterproof?')
    expect(await textOf(messages(again.page, 'assistant').last())).toBe('The Ridge is waterproof.')
    expectClean(again, stack)
  })

  it('stores nothing on intent: the app loads and asks for its session on hover, storage waits for the click', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html', { tag: { persist: 'browser' } })
    await part(v.page, 'launcher').hover()
    await until(
      async () => v.requests.some((url) => url.endsWith('/api/app')),
      (asked) => asked,
      'the app to ask for its info on intent',
    )
    await v.page.waitForTimeout(100)
    expect(await storageUsed(v.page)).toEqual({ local: 0, session: 0 })
    await openPanel(v.page)
    await until(
      () => storageUsed(v.page),
      (used) => used.local === 1,
      'the session to be stored',
    )
    expectClean(v, stack)
  })

  it('none: nothing is stored, in either storage', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'Sizes 36 to 48.' })
    const v = await suite.open('basic.html', { tag: { persist: 'none' } })
    await openPanel(v.page)
    expect(await ask(v.page, 'Which sizes?')).toBe('Sizes 36 to 48.')
    expect(await storageUsed(v.page)).toEqual({ local: 0, session: 0 })
    expectClean(v, stack)
  })
})
