/**
 * A chatflow that pauses on a human-input form, in a real browser (Chromium): the form shows in the
 * answer (axe-clean, light and dark right-to-left), is answered by keyboard, and the rest of the
 * answer streams into the same message; an expired form says so.
 */
import { describe, expect, it } from 'vitest'
import { auditWidget } from './harness/axe.ts'
import type { Stack } from './harness/stack.ts'
import { browserSuite, expectClean } from './harness/suite.ts'
import {
  focusedPart,
  messages,
  openPanel,
  sendMessage,
  textOf,
  waitForAnswer,
} from './harness/widget.ts'

/** What reached Dify's `POST /form/human_input/:token`. */
const formSubmissions = (stack: Stack) =>
  stack.upstream.requests
    .filter((r) => r.method === 'POST' && r.path.includes('/form/human_input/'))
    .map((r) => r.body)

const suite = browserSuite(
  {},
  {
    upstream: {
      humanInput: {
        answers: { approve: 'Approved: the draft goes out today.' },
      },
    },
  },
)

describe('a human-input form in the chat', () => {
  it('is answered by keyboard, and the answer goes on in the same message', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    const index = await sendMessage(v.page, 'Please approve the draft')
    await waitForAnswer(v.page, index)
    const answer = messages(v.page, 'assistant').nth(index)
    const form = answer.locator('[data-parley="human-form"]')
    await form.waitFor()
    expect(await form.getAttribute('aria-label')).toBe('Approval')
    expect(await form.locator('label').textContent()).toContain('Feedback')
    expect(await answer.locator('[data-parley="regenerate"]').count(), 'no actions yet').toBe(0)
    expect(await auditWidget(v.page)).toEqual([])

    await form.locator('textarea').focus()
    await v.page.keyboard.type('Looks good to me')
    await v.page.keyboard.press('Tab')
    await v.page.keyboard.press('Enter')
    await expect.poll(() => form.count()).toBe(0)
    expect(await waitForAnswer(v.page, index)).toContain('Approved: the draft goes out today.')
    expect(await textOf(answer)).toContain('You chose: Approve')
    expect(await focusedPart(v.page), 'the visitor goes on in the composer').toBe('input')
    const submitted = formSubmissions(stack).at(-1)
    expect(submitted).toMatchObject({ action: 'approve', inputs: { feedback: 'Looks good to me' } })
    expect(await messages(v.page, 'assistant').count(), 'one answer, not two').toBe(index + 1)
    expectClean(v, stack)
  })

  it('passes axe in the dark, right-to-left Arabic widget', async () => {
    const { stack } = suite
    const v = await suite.open('dark-rtl.html')
    await openPanel(v.page)
    const index = await sendMessage(v.page, 'approve this')
    await waitForAnswer(v.page, index)
    await messages(v.page, 'assistant').nth(index).locator('[data-parley="human-form"]').waitFor()
    expect(await auditWidget(v.page)).toEqual([])
    expectClean(v, stack)
  })
})

describe('an expired human-input form', () => {
  const short = browserSuite({}, { upstream: { humanInput: { expiresInMs: 1500 } } })

  it('says it has expired and offers no buttons', async () => {
    const v = await short.open('basic.html')
    await openPanel(v.page)
    const index = await sendMessage(v.page, 'approve it')
    await waitForAnswer(v.page, index)
    const form = messages(v.page, 'assistant').nth(index).locator('[data-parley="human-form"]')
    await form.waitFor()
    // Dify counts a form's deadline in whole seconds.
    await v.page.waitForTimeout(2600)
    await form.getByRole('button', { name: 'Approve' }).click()
    await expect
      .poll(() => form.locator('[role=alert]').textContent())
      .toBe('This form has expired.')
    expect(await form.getByRole('button').count()).toBe(0)
    expect(formSubmissions(short.stack)).toEqual([])
    expectClean(v, short.stack)
  })
})
