/**
 * Live steps in a real browser (Chromium): while a chatflow builds its answer, its node titles show
 * as a progress list (the newest marked as the current step); the answer replaces them; nothing of a
 * node's inputs, outputs or prompts ever reaches the page.
 */
import { describe, expect, it } from 'vitest'
import { auditWidget } from './harness/axe.ts'
import { browserSuite, expectClean } from './harness/suite.ts'
import { messages, openPanel, sendMessage, until, waitForAnswer } from './harness/widget.ts'

const suite = browserSuite()

describe('live steps', () => {
  it('lists the node titles while the answer is built, then shows the answer alone', async () => {
    const { stack } = suite
    stack.upstream.next({
      mode: 'advanced-chat',
      answer: 'Your boots ship on Monday.',
      nodes: [
        {
          title: 'Look up the order',
          type: 'tool',
          inputs: { order: 'SECRET-INPUT' },
          durationMs: 600,
        },
        {
          title: 'Write the answer',
          type: 'llm',
          outputs: { text: 'SECRET-OUTPUT' },
          processData: { prompts: [{ role: 'system', text: 'SECRET-PROMPT' }] },
          durationMs: 600,
        },
      ],
    })
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    const before = await sendMessage(v.page, 'When do my boots ship?')
    const steps = messages(v.page, 'assistant').last().locator('[data-parley="status"] li')
    const seen = await until(
      () => steps.allTextContents(),
      (labels) => labels.includes('Look up the order'),
      'the first step',
    )
    expect(seen[0]).toBe('Look up the order')
    expect(await steps.last().getAttribute('aria-current')).toBe('step')
    expect(
      await messages(v.page, 'assistant').last().locator('ol').getAttribute('aria-label'),
    ).toBe('Progress')
    expect(await auditWidget(v.page)).toEqual([])
    expect(await waitForAnswer(v.page, before)).toBe('Your boots ship on Monday.')
    expect(await steps.count(), 'the steps go once the answer is there').toBe(0)
    const widgetHtml = await v.page.evaluate(
      () => document.querySelector('#parley-widget')?.shadowRoot?.innerHTML ?? '',
    )
    expect(widgetHtml).toContain('Your boots ship on Monday.')
    expect(widgetHtml).not.toContain('SECRET')
    expectClean(v, stack)
  })
})
