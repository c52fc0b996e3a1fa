/**
 * An app that declares inputs, in a real browser (Chromium): the start form asks for what
 * data-inputs does not supply before the first message, by keyboard, announced, and axe-clean; what
 * the visitor fills in reaches Dify as the conversation's inputs.
 */
import { describe, expect, it } from 'vitest'
import { auditWidget } from './harness/axe.ts'
import { chatRequests } from './harness/stack.ts'
import { browserSuite, expectClean } from './harness/suite.ts'
import { ask, focusedPart, openPanel, part } from './harness/widget.ts'

const suite = browserSuite(
  {},
  {
    upstream: {
      app: {
        userInputForm: [
          {
            'text-input': { variable: 'name', label: 'Your name', required: true, max_length: 40 },
          },
          {
            select: { variable: 'plan', label: 'Plan', required: true, options: ['Basic', 'Pro'] },
          },
          { paragraph: { variable: 'notes', label: 'Notes', required: false } },
        ],
      },
    },
  },
)

describe('the start form', () => {
  it('is filled in by keyboard before the first message, and its values reach Dify', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    const form = v.page.locator('[data-parley="start-form"]')
    await form.waitFor()
    expect(await part(v.page, 'input').count(), 'no composer until it is complete').toBe(0)
    expect(await auditWidget(v.page)).toEqual([])

    // Enter on Start with nothing filled in: the problems are said, focus goes to the first.
    await v.page.locator('[data-parley="start"]').focus()
    await v.page.keyboard.press('Enter')
    await expect
      .poll(() => form.locator('[role=alert]').textContent())
      .toBe('Check the highlighted fields (2).')
    expect(await focusedPart(v.page)).toBe('input')
    expect(await auditWidget(v.page)).toEqual([])

    await v.page.keyboard.type('Ada')
    await v.page.keyboard.press('Tab')
    await v.page.keyboard.press('Tab')
    await form.locator('select').selectOption('Pro')
    await form.locator('[data-parley="start"]').click()
    await part(v.page, 'input').waitFor()
    expect(await focusedPart(v.page), 'the visitor goes on typing').toBe('input')
    expect(await form.count()).toBe(0)

    stack.upstream.next({ answer: 'Hello Ada, Pro plan noted.' })
    expect(await ask(v.page, 'Hi')).toBe('Hello Ada, Pro plan noted.')
    expect(chatRequests(stack).at(-1)?.body.inputs).toEqual({ name: 'Ada', plan: 'Pro' })

    await part(v.page, 'new').click()
    await form.waitFor()
    expectClean(v, stack)
  })

  it('passes axe in the dark, right-to-left Arabic widget, with its problems shown', async () => {
    const { stack } = suite
    const v = await suite.open('dark-rtl.html')
    await openPanel(v.page)
    const form = v.page.locator('[data-parley="start-form"]')
    await form.waitFor()
    expect(await form.locator('h2').textContent()).toBe('قبل أن نبدأ')
    await form.locator('[data-parley="start"]').click()
    await expect.poll(() => form.locator('[aria-invalid="true"]').count()).toBe(2)
    expect(await auditWidget(v.page)).toEqual([])
    expectClean(v, stack)
  })
})
