import type { FileUploadFeature } from '@parley/shared'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { error, type FakeRelay, fakeRelay, json } from '../../test/fake-relay.ts'
import { type TestWidget, testWidget } from '../../test/widget.tsx'
import type { Attachment } from '../stores/chat.ts'
import { Attach } from './Attach.tsx'

const MB = 2 ** 20
const rules: FileUploadFeature = {
  enabled: true,
  types: ['image', 'document'],
  extensions: [],
  maxFiles: 2,
  maxBytes: { image: 10 * MB, document: 15 * MB },
}

let relay: FakeRelay
let widget: TestWidget
let changes: (Attachment[] | null)[]
let host: HTMLFormElement
let release: () => void
/** Uploads wait for `release()` from now on. */
let hold: () => void

const file = (name: string, size = 10) => {
  const f = new File([new Uint8Array(Math.min(size, 10))], name)
  Object.defineProperty(f, 'size', { value: size })
  return f
}
const pick = (...files: File[]) =>
  fireEvent.change(document.querySelector('[data-parley=files]') as HTMLInputElement, {
    target: { files },
  })
const chips = () =>
  [...document.querySelectorAll('[data-parley=attachments] li')].map((li) => [
    li.querySelector('.nm')?.textContent,
    li.getAttribute('data-status'),
  ])
const last = () => changes.at(-1)

beforeEach(() => {
  changes = []
  relay = fakeRelay()
  let n = 0
  let gate = Promise.resolve()
  release = () => {}
  relay.on('POST /api/files', async () => {
    await gate
    n++
    return json({ id: `f${n}`, name: 'x', size: 10, mimeType: 'image/png', type: 'image' }, 201)
  })
  hold = () => {
    gate = new Promise((r) => (release = r))
  }
  widget = testWidget({ fetch: relay.fetch })
  // The upload's own transport (XMLHttpRequest, for its progress) is tested on its own: here the
  // fake relay answers.
  const plain = {
    ...widget,
    relay: { ...widget.relay, request: (p: string, i?: RequestInit) => widget.relay.request(p, i) },
  }
  host = document.createElement('form')
  document.body.append(host)
  render(<Attach widget={plain} rules={rules} host={host} onChange={(f) => changes.push(f)} />)
})

afterEach(() => {
  cleanup()
  host.remove()
  widget.destroy()
})

describe('attachments', () => {
  it('uploads a picked file with its progress, then offers it for the message', async () => {
    hold()
    pick(file('boots.png'))
    await waitFor(() => expect(chips()).toEqual([['boots.png', 'uploading']]))
    expect(screen.getByRole('progressbar', { name: 'Uploading boots.png' })).toBeTruthy()
    expect(last(), 'nothing to send while it uploads').toBeNull()
    release()
    await waitFor(() => expect(chips()).toEqual([['boots.png', 'done']]))
    await waitFor(() =>
      expect(last()).toEqual([
        {
          file: { type: 'image', transferMethod: 'local_file', uploadFileId: 'f1' },
          name: 'boots.png',
          type: 'image',
        },
      ]),
    )
    expect(screen.getByRole('status').textContent).toBe('boots.png attached.')
  })

  it('refuses a kind of file the app does not take, before any upload', async () => {
    pick(file('setup.exe'))
    await waitFor(() => expect(chips()).toEqual([['setup.exe', 'refused']]))
    expect(screen.getByRole('status').textContent).toBe(
      'setup.exe: this kind of file is not accepted here.',
    )
    expect(relay.calls.some((c) => c.path === '/api/files')).toBe(false)
    await waitFor(() => expect(last()).toEqual([]))
  })

  it('refuses a file over the limit, before any upload', async () => {
    pick(file('scan.png', 30 * MB))
    await waitFor(() => expect(chips()).toEqual([['scan.png', 'refused']]))
    expect(screen.getByRole('status').textContent).toBe('scan.png is larger than 10 MB.')
    expect(relay.calls.some((c) => c.path === '/api/files')).toBe(false)
  })

  it('takes as many files as a message may carry, and says so of the others', async () => {
    pick(file('a.png'), file('b.pdf'), file('c.png'))
    await waitFor(() =>
      expect(chips()).toEqual([
        ['a.png', 'done'],
        ['b.pdf', 'done'],
        ['c.png', 'refused'],
      ]),
    )
    expect(document.querySelector('.refused .err')?.textContent).toBe(
      'A message can carry at most 2 files.',
    )
    await waitFor(() => expect(last()?.map((a) => a.name)).toEqual(['a.png', 'b.pdf']))
  })

  it('removes a file, by a button named for it', async () => {
    pick(file('a.png'))
    await waitFor(() => expect(chips()).toEqual([['a.png', 'done']]))
    fireEvent.click(screen.getByRole('button', { name: 'Remove a.png' }))
    expect(chips()).toEqual([])
    await waitFor(() => expect(last()).toEqual([]))
  })

  it('says why an upload failed, keeping the others', async () => {
    relay.on('POST /api/files', () =>
      error('payload_too_large', 413, 'The file is larger than 10 MB.'),
    )
    pick(file('a.png'))
    await waitFor(() => expect(chips()).toEqual([['a.png', 'failed']]))
    expect(document.querySelector('.failed .err')?.textContent).toBe(
      'The file is larger than 10 MB.',
    )
    await waitFor(() => expect(last()).toEqual([]))
  })

  it('attaches files pasted or dropped onto the composer', async () => {
    const paste = new Event('paste', { bubbles: true, cancelable: true })
    Object.defineProperty(paste, 'clipboardData', { value: { files: [file('shot.png')] } })
    host.dispatchEvent(paste)
    expect(paste.defaultPrevented).toBe(true)
    const drop = new Event('drop', { bubbles: true, cancelable: true })
    Object.defineProperty(drop, 'dataTransfer', {
      value: { files: [file('terms.pdf')], types: ['Files'] },
    })
    host.dispatchEvent(drop)
    await waitFor(() =>
      expect(chips()).toEqual([
        ['shot.png', 'done'],
        ['terms.pdf', 'done'],
      ]),
    )
  })

  it('leaves a paste of text alone', () => {
    const paste = new Event('paste', { bubbles: true, cancelable: true })
    Object.defineProperty(paste, 'clipboardData', { value: { files: [] } })
    host.dispatchEvent(paste)
    expect(paste.defaultPrevented).toBe(false)
    expect(chips()).toEqual([])
  })
})
