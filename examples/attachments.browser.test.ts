/**
 * Files with a message in a real browser (Chromium): an image is checked, uploaded with its
 * progress and sent with the question (Dify gets it as the message's file); a 30 MB image and an
 * .exe are refused before anything is uploaded; axe-clean with the chips shown.
 */
import { describe, expect, it } from 'vitest'
import { auditWidget } from './harness/axe.ts'
import { chatRequests, type Stack } from './harness/stack.ts'
import { browserSuite, expectClean } from './harness/suite.ts'
import { messages, openPanel, part, sendMessage, waitForAnswer } from './harness/widget.ts'

const suite = browserSuite({}, { upstream: { app: { fileUpload: true } } })

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

const uploads = (stack: Stack) =>
  stack.upstream.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/files/upload'))

describe('attachments', () => {
  it('uploads an image and sends it with the question', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    await part(v.page, 'attach').waitFor()
    expect(await part(v.page, 'attach').getAttribute('aria-label')).toBe('Attach files')
    await part(v.page, 'files').setInputFiles({
      name: 'boots.png',
      mimeType: 'image/png',
      buffer: PNG,
    })
    const chip = part(v.page, 'attachments').locator('li')
    await expect.poll(() => chip.getAttribute('data-status')).toBe('done')
    expect(await v.page.locator('.vn').last().textContent()).toBe('boots.png attached.')
    expect(await auditWidget(v.page)).toEqual([])

    stack.upstream.next({ answer: 'Those are hiking boots.' })
    const index = await sendMessage(v.page, 'What are these?')
    expect(await waitForAnswer(v.page, index)).toBe('Those are hiking boots.')
    expect(uploads(stack)).toHaveLength(1)
    const files = chatRequests(stack).at(-1)?.body.files as {
      type: string
      upload_file_id: string
    }[]
    expect(files).toEqual([
      expect.objectContaining({ type: 'image', transfer_method: 'local_file' }),
    ])
    expect(files[0]?.upload_file_id).toMatch(/^[0-9a-f-]{36}$/)
    expect(await messages(v.page, 'user').last().locator('.files').textContent()).toBe('boots.png')
    expect(await part(v.page, 'attachments').count(), 'sent: the chips go').toBe(0)
    expectClean(v, stack)
  })

  it('refuses a 30 MB image and an .exe before uploading anything', async () => {
    const { stack } = suite
    const before = uploads(stack).length
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    await part(v.page, 'attach').waitFor()
    // Made in the page: 30 MB through the driver would take longer than the test.
    await part(v.page, 'files').evaluate((input: HTMLInputElement) => {
      const picked = new DataTransfer()
      picked.items.add(
        new File([new Uint8Array(30 * 1024 * 1024)], 'huge.png', { type: 'image/png' }),
      )
      picked.items.add(new File(['MZ'], 'setup.exe', { type: 'application/octet-stream' }))
      input.files = picked.files
      input.dispatchEvent(new Event('change', { bubbles: true }))
    })
    const chips = part(v.page, 'attachments').locator('li')
    await expect.poll(() => chips.count()).toBe(2)
    expect(await chips.locator('.err').allTextContents()).toEqual([
      'huge.png is larger than 10 MB.',
      'setup.exe: this kind of file is not accepted here.',
    ])
    expect(await v.page.locator('.vn').last().textContent()).toContain(
      'huge.png is larger than 10 MB.',
    )
    expect(uploads(stack).length).toBe(before)
    expect(await auditWidget(v.page)).toEqual([])
    await chips.first().getByRole('button', { name: 'Remove huge.png' }).click()
    await expect.poll(() => chips.count()).toBe(1)
    expectClean(v, stack)
  })

  it('passes axe in the dark, right-to-left Arabic widget with a refused file', async () => {
    const { stack } = suite
    const v = await suite.open('dark-rtl.html')
    await openPanel(v.page)
    await part(v.page, 'attach').waitFor()
    await part(v.page, 'files').setInputFiles({
      name: 'setup.exe',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('MZ'),
    })
    const chip = part(v.page, 'attachments').locator('li')
    await expect.poll(() => chip.getAttribute('data-status')).toBe('refused')
    expect(await part(v.page, 'attach').getAttribute('aria-label')).toBe('إرفاق ملفات')
    expect(await auditWidget(v.page)).toEqual([])
    expectClean(v, stack)
  })

  it('offers the camera on a phone', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html', {
      mobile: true,
      viewport: { width: 375, height: 667 },
    })
    await openPanel(v.page)
    const camera = v.page.locator('[data-parley="camera"]')
    await camera.waitFor()
    expect(await camera.getAttribute('aria-label')).toBe('Take a photo')
    expect(await v.page.locator('input[capture="environment"]').getAttribute('accept')).toBe(
      'image/*',
    )
    expectClean(v, stack)
  })
})
