/**
 * Regenerate in a real browser (Chromium): the last answer is asked again as a new turn; the new
 * answer takes its place with the earlier one collapsed under it, also after a reload.
 */
import { describe, expect, it } from 'vitest'
import { auditWidget } from './harness/axe.ts'
import { chatRequests } from './harness/stack.ts'
import { browserSuite, expectClean } from './harness/suite.ts'
import { ask, ensureOpen, messages, openPanel, part, waitForAnswer } from './harness/widget.ts'

const suite = browserSuite()

describe('regenerate', () => {
  it('asks again and keeps the earlier answer collapsed under the new one', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    stack.upstream.next({ answer: 'The first answer.' })
    expect(await ask(v.page, 'Tell me a fact')).toBe('The first answer.')
    const answers = messages(v.page, 'assistant')
    const index = (await answers.count()) - 1
    stack.upstream.next({ answer: 'A better answer.' })
    await answers.nth(index).locator('[data-parley="regenerate"]').click()
    expect(await waitForAnswer(v.page, index)).toContain('A better answer.')
    const earlier = answers.nth(index).locator('[data-parley="earlier"]')
    expect(await earlier.locator('summary').textContent()).toBe('Earlier answers (1)')
    expect(await earlier.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false)
    expect(await earlier.locator('summary').isVisible()).toBe(true)
    await earlier.locator('summary').press('Enter')
    expect(await earlier.locator('.b').innerText()).toBe('The first answer.')
    expect(await messages(v.page, 'user').count(), 'the question once').toBe(1)
    const [first, again] = chatRequests(stack).slice(-2)
    expect(again?.body.query).toBe(first?.body.query)
    expect(again?.body.conversation_id).toBeTruthy()
    expect(await auditWidget(v.page)).toEqual([])

    // Only the last answer offers it.
    stack.upstream.next({ answer: 'Another.' })
    await ask(v.page, 'And another?')
    expect(await answers.nth(index).locator('[data-parley="regenerate"]').isVisible()).toBe(false)
    expect(await answers.last().locator('[data-parley="regenerate"]').isVisible()).toBe(true)

    await v.page.reload()
    await ensureOpen(v.page)
    await expect.poll(() => messages(v.page, 'assistant').count()).toBe(index + 2)
    const restored = messages(v.page, 'assistant').nth(index)
    expect(await restored.locator('[data-parley="earlier"] summary').textContent()).toBe(
      'Earlier answers (1)',
    )
    expect(await messages(v.page, 'user').count()).toBe(2)
    expect(await part(v.page, 'input').count()).toBe(1)
    expectClean(v, stack)
  })
})
