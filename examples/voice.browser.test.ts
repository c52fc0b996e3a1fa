/**
 * Voice in and out in a real browser (Chromium with its fake microphone): the microphone records a
 * WAV Dify takes and the words land in the composer; a refused microphone says so; an answer is
 * read aloud through the relay.
 */
import { describe, expect, it } from 'vitest'
import { auditWidget } from './harness/axe.ts'
import { upstreamCalls } from './harness/stack.ts'
import { browserSuite, expectClean } from './harness/suite.ts'
import { ask, openPanel, part } from './harness/widget.ts'

const suite = browserSuite(
  {},
  {
    upstream: {
      app: { speechToText: true, textToSpeech: true },
      // 16 kHz, 16-bit mono: 32 bytes a millisecond after the 44-byte header.
      transcript: (file) => `Heard ${Math.round((file.size - 44) / 32)} ms of ${file.type}`,
    },
  },
  ['--use-fake-device-for-media-stream'],
)

describe('voice input', () => {
  it('records from the microphone and puts what Dify heard in the composer', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html', { permissions: ['microphone'] })
    await openPanel(v.page)
    const mic = part(v.page, 'voice')
    await mic.waitFor()
    expect(await mic.getAttribute('aria-label')).toBe('Speak your message')
    await mic.click()
    await expect.poll(() => mic.getAttribute('aria-pressed')).toBe('true')
    expect(await auditWidget(v.page)).toEqual([])
    await v.page.waitForTimeout(1200)
    await mic.click()
    await expect
      .poll(() => part(v.page, 'input').inputValue(), { timeout: 10_000 })
      .toMatch(/^Heard \d+ ms of audio\/wav$/)
    const ms = Number(/Heard (\d+)/.exec(await part(v.page, 'input').inputValue())?.[1])
    expect(ms).toBeGreaterThan(800)
    expect(ms).toBeLessThan(10_000)
    expect(upstreamCalls(stack, 'POST', '/audio-to-text')).toHaveLength(1)
    expectClean(v, stack)
  })

  it('says so when the microphone is refused', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    await part(v.page, 'voice').click()
    await expect
      .poll(() => v.page.locator('.vn').textContent())
      .toBe('Microphone access was denied. Allow it in your browser to speak your message.')
    expect(await part(v.page, 'voice').getAttribute('aria-pressed')).toBe('false')
    expectClean(v, stack)
  })
})

describe('voice output', () => {
  it('reads an answer aloud through the relay', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    stack.upstream.next({ answer: 'Your parcel arrives on Tuesday.' })
    await ask(v.page, 'Where is my parcel?')
    const speak = part(v.page, 'speak').last()
    expect(await speak.getAttribute('aria-label')).toBe('Read aloud')
    await speak.click()
    await expect.poll(() => upstreamCalls(stack, 'POST', '/text-to-audio').length).toBe(1)
    await expect
      .poll(() =>
        v.page
          .locator('audio')
          .last()
          .evaluate((a) => (a as HTMLAudioElement).src),
      )
      .toMatch(/^blob:/)
    expect(await v.page.locator('[role=alert]').count()).toBe(0)
    expectClean(v, stack)
  })

  it('passes axe in the dark, right-to-left Arabic widget, recording and with an answer to read', async () => {
    const { stack } = suite
    const v = await suite.open('dark-rtl.html', { permissions: ['microphone'] })
    await openPanel(v.page)
    stack.upstream.next({ answer: 'مرحبا' })
    await ask(v.page, 'سؤال')
    await part(v.page, 'speak').last().waitFor()
    const mic = part(v.page, 'voice')
    await mic.click()
    await expect.poll(() => mic.getAttribute('aria-pressed')).toBe('true')
    expect(await auditWidget(v.page)).toEqual([])
    await mic.click()
    await expect.poll(() => part(v.page, 'input').inputValue()).toMatch(/^Heard/)
    expectClean(v, stack)
  })
})
