import type { AppInfo, AppInput } from '@parley/shared'
import { cleanup, fireEvent, waitFor, within } from '@testing-library/preact'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FakeRelay, fakeRelay, json, sse } from '../../test/fake-relay.ts'
import { renderIn, type TestWidget, testWidget } from '../../test/widget.tsx'
import { PausedForm } from '../human-input/PausedForm.tsx'
import { Composer } from '../ui/Composer.tsx'
import { MessageList } from '../ui/MessageList.tsx'
import { StartForm } from './StartForm.tsx'

let relay: FakeRelay
let widget: TestWidget

const NAME: AppInput = {
  variable: 'name',
  label: 'Your name',
  type: 'text-input',
  required: true,
  maxLength: 5,
}
const PLAN: AppInput = {
  variable: 'plan',
  label: 'Plan',
  type: 'select',
  required: true,
  options: ['Basic', 'Pro'],
}
const AGE: AppInput = { variable: 'age', label: 'Age', type: 'number', required: false }
const NEWS: AppInput = {
  variable: 'news',
  label: 'Send me news',
  type: 'checkbox',
  required: false,
}

function appInfo(inputs: AppInput[]): AppInfo {
  return {
    title: 'Acme',
    description: null,
    mode: 'chat',
    look: {
      color: null,
      answerIcon: null,
      disclaimer: null,
      privacyPolicy: null,
      copyright: null,
      language: null,
    },
    openingStatement: null,
    suggestedQuestions: ['Prices?'],
    inputs,
    features: {
      suggestionsAfterAnswer: false,
      speechToText: false,
      textToSpeech: false,
      autoPlay: false,
      citations: false,
      steps: false,
      fileUpload: { enabled: false, types: [], extensions: [], maxFiles: 0, maxBytes: {} },
    },
  }
}

async function show(inputs: AppInput[], config: Parameters<typeof testWidget>[0] = {}) {
  relay.on('GET /api/app', () => json(appInfo(inputs)))
  widget = testWidget({
    fetch: relay.fetch,
    form: () => Promise.resolve({ StartForm, PausedForm }),
    ...config,
  })
  await widget.appInfo.load()
  const { container } = renderIn(
    widget,
    <>
      <MessageList />
      <Composer />
    </>,
  )
  return within(container as HTMLElement)
}

const chatBodies = () => relay.calls.filter((c) => c.path === '/api/chat').map((c) => c.body)
const focused = () => document.activeElement

beforeEach(() => {
  sessionStorage.clear()
  relay = fakeRelay()
  relay.on('POST /api/chat', () =>
    sse([
      { type: 'start', conversationId: 'c1', messageId: 'm1', taskId: 't1' },
      { type: 'delta', text: 'Hi' },
      { type: 'end', messageId: 'm1', sources: [] },
    ]),
  )
})

afterEach(() => {
  cleanup()
  widget.destroy()
})

describe('the start form', () => {
  it('stands in for the composer while a required input is missing, and sends what is filled in', async () => {
    const ui = await show([NAME, PLAN, AGE, NEWS])
    const form = await ui.findByRole('form', { name: 'Before we start' })
    expect(ui.queryByRole('textbox', { name: 'Type a message…' })).toBeNull()
    expect(
      ui.queryByRole('button', { name: 'Prices?' }),
      'no starter goes without the inputs',
    ).toBeNull()
    expect(
      within(form).getByRole('textbox', { name: 'Your name' }).getAttribute('aria-required'),
    ).toBe('true')

    fireEvent.submit(form)
    expect(ui.getByRole('alert').textContent).toBe('Check the highlighted fields (2).')
    const name = ui.getByRole('textbox', { name: 'Your name' })
    expect(focused()).toBe(name)
    expect(name.getAttribute('aria-invalid')).toBe('true')
    expect(ui.getByText('Fill in this field.', { selector: `#${name.id}-err` })).not.toBeNull()

    fireEvent.input(name, { target: { value: 'Ada' } })
    expect(name.getAttribute('aria-invalid'), 'fixed: the problem goes').toBeNull()
    fireEvent.change(ui.getByRole('combobox', { name: 'Plan' }), { target: { value: 'Pro' } })
    fireEvent.input(ui.getByRole('textbox', { name: 'Age' }), { target: { value: '4,5' } })
    fireEvent.blur(ui.getByRole('textbox', { name: 'Age' }))
    expect(ui.getByText('Enter a number.')).not.toBeNull()
    fireEvent.input(ui.getByRole('textbox', { name: 'Age' }), { target: { value: '42' } })
    fireEvent.click(ui.getByRole('checkbox', { name: 'Send me news' }))
    fireEvent.click(ui.getByRole('button', { name: 'Start chat' }))

    const input = await ui.findByRole('textbox', { name: 'Type a message…' })
    expect(ui.queryByRole('form')).toBeNull()
    expect(focused()).toBe(input)
    widget.chat.send('Hello')
    await waitFor(() => expect(chatBodies()).toHaveLength(1))
    expect(chatBodies()[0]).toEqual({
      query: 'Hello',
      inputs: { name: 'Ada', plan: 'Pro', age: 42, news: true },
    })
  })

  it('asks only for what data-inputs does not supply, and merges both', async () => {
    const ui = await show([NAME, PLAN], { config: { inputs: { plan: 'Basic' } } })
    const form = await ui.findByRole('form', { name: 'Before we start' })
    expect(within(form).queryByRole('combobox')).toBeNull()
    fireEvent.input(ui.getByRole('textbox', { name: 'Your name' }), { target: { value: 'Ada' } })
    fireEvent.submit(form)
    await ui.findByRole('textbox', { name: 'Type a message…' })
    widget.chat.send('Hello')
    await waitFor(() => expect(chatBodies()).toHaveLength(1))
    expect(chatBodies()[0]).toMatchObject({ inputs: { plan: 'Basic', name: 'Ada' } })
  })

  it('keeps to the max length, counting characters', async () => {
    const ui = await show([NAME])
    const name = (await ui.findByRole('textbox', { name: 'Your name' })) as HTMLInputElement
    expect(name.maxLength).toBe(5)
    fireEvent.input(name, { target: { value: '😀😀😀😀😀' } })
    fireEvent.submit(ui.getByRole('form'))
    await ui.findByRole('textbox', { name: 'Type a message…' })
  })

  it('with only optional inputs, sits collapsed above the composer and the visitor can send at once', async () => {
    const ui = await show([AGE])
    const summary = await ui.findByText('Details (optional)')
    expect(
      ui.getByRole('button', { name: 'Prices?' }),
      'optional inputs hold nothing back',
    ).not.toBeNull()
    expect(summary.closest('details')?.open).toBe(false)
    expect(ui.getByRole('textbox', { name: 'Type a message…' })).not.toBeNull()
    fireEvent.input(ui.getByRole('textbox', { name: 'Age', hidden: true }), {
      target: { value: '7' },
    })
    widget.chat.send('Hello')
    await waitFor(() => expect(chatBodies()).toHaveLength(1))
    expect(chatBodies()[0]).toMatchObject({ inputs: { age: 7 } })
    await waitFor(() => expect(ui.queryByText('Details (optional)')).toBeNull())
  })

  it('is gone for a conversation under way, and asks again for a new one', async () => {
    sessionStorage.setItem(
      'parley:https://relay.test#',
      JSON.stringify({ token: 't', conversationId: 'c0' }),
    )
    const ui = await show([NAME])
    expect(ui.queryByRole('form')).toBeNull()
    widget.chat.reset()
    expect(await ui.findByRole('form', { name: 'Before we start' })).not.toBeNull()
  })

  it('uploads a file input through the relay and sends it as a local file', async () => {
    relay.on('POST /api/files', () =>
      json(
        { id: 'up1', name: 'cv.pdf', size: 3, mimeType: 'application/pdf', type: 'document' },
        201,
      ),
    )
    const CV: AppInput = { variable: 'cv', label: 'CV', type: 'file', required: true }
    const ui = await show([CV])
    const picker = (await ui.findByLabelText(/^CV/)) as HTMLInputElement
    const file = new File(['%PDF'], 'cv.pdf', { type: 'application/pdf' })
    fireEvent.change(picker, { target: { files: [file] } })
    await ui.findByText('cv.pdf')
    fireEvent.submit(ui.getByRole('form'))
    await ui.findByRole('textbox', { name: 'Type a message…' })
    widget.chat.send('Read it')
    await waitFor(() => expect(chatBodies()).toHaveLength(1))
    expect(chatBodies()[0]).toMatchObject({
      inputs: { cv: { type: 'document', transferMethod: 'local_file', uploadFileId: 'up1' } },
    })
  })

  it('says which file could not be uploaded, and does not send it', async () => {
    relay.on('POST /api/files', () => json({ error: { code: 'too_large', message: 'big' } }, 413))
    const DOCS: AppInput = { variable: 'docs', label: 'Docs', type: 'file-list', required: false }
    const ui = await show([DOCS, NAME])
    const picker = (await ui.findByLabelText('Docs')) as HTMLInputElement
    fireEvent.change(picker, { target: { files: [new File(['x'], 'big.bin')] } })
    expect(await ui.findByText('big.bin could not be uploaded.')).not.toBeNull()
    fireEvent.click(ui.getByRole('button', { name: 'Remove big.bin' }))
    expect(ui.queryByText('big.bin could not be uploaded.')).toBeNull()
  })

  it('is in the widget language', async () => {
    const ui = await show([NAME], { lang: 'fr' })
    expect(await ui.findByRole('form', { name: 'Avant de commencer' })).not.toBeNull()
    expect(ui.getByRole('button', { name: 'Commencer la discussion' })).not.toBeNull()
  })
})
