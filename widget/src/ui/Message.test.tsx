import type { HumanInputForm } from '@parley/shared'
import { cleanup, waitFor } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import { renderIn, type TestWidget, testWidget } from '../../test/widget.tsx'
import { PausedForm } from '../human-input/PausedForm.tsx'
import { Look } from '../look/Look.tsx'
import { SignIn } from '../look/SignIn.tsx'
import { Sources } from '../look/Sources.tsx'
import { Teaser } from '../look/Teaser.tsx'
import { StartForm } from '../start-form/StartForm.tsx'
import type { ChatMessage } from '../stores/message.ts'
import { Message } from './Message.tsx'

let widget: TestWidget | null = null
afterEach(() => {
  cleanup()
  widget?.destroy()
  widget = null
})

const answer = (over: Partial<ChatMessage>): ChatMessage => ({
  id: 'a1',
  role: 'assistant',
  text: 'Hi',
  state: 'done',
  files: [],
  sources: [],
  feedback: null,
  messageId: 'm1',
  query: 'q',
  ...over,
})

const show = (m: ChatMessage) => {
  widget = testWidget({
    form: () => Promise.resolve({ StartForm, PausedForm }),
    look: () => Promise.resolve({ Look, Sources, SignIn, Teaser }),
  })
  return renderIn(widget, <Message message={m} />).container.firstElementChild as HTMLElement
}

const form: HumanInputForm = {
  token: 't',
  title: 'Approval',
  content: 'Notes: {{#$output.notes#}}',
  fields: [{ name: 'notes', type: 'text_input', default: '' }],
  actions: [{ id: 'ok', title: 'Approve', style: 'primary' }],
  expiresAt: Date.now() + 60_000,
}

describe('<Message>', () => {
  it('exposes role and state for tests and styling', () => {
    const el = show(answer({ state: 'streaming', steps: ['Search the docs', 'Write the answer'] }))
    expect(el.dataset).toMatchObject({ parley: 'message', role: 'assistant', state: 'streaming' })
    const steps = el.querySelector('.st ol')
    expect(steps?.getAttribute('aria-label')).toBe('Progress')
    expect(
      [...(steps?.children ?? [])].map((li) => [li.textContent, li.getAttribute('aria-current')]),
    ).toEqual([
      ['Search the docs', null],
      ['Write the answer', 'step'],
    ])
  })

  it('shows the waiting dots while there are no steps', () => {
    const el = show(answer({ state: 'streaming' }))
    expect(el.querySelector('.st')?.childElementCount).toBe(0)
  })

  it('shows the chosen feedback as pressed, and the copy button', () => {
    const el = show(answer({ feedback: 'dislike' }))
    expect(el.querySelector('[aria-label="Not helpful"]')?.getAttribute('aria-pressed')).toBe(
      'true',
    )
    expect(el.querySelector('[aria-label="Helpful"]')?.getAttribute('aria-pressed')).toBe('false')
    expect(el.querySelector('[aria-label="Copy"]')).not.toBeNull()
  })

  it('lists sources in a collapsible block with safe links only (from the look chunk)', async () => {
    const el = show(
      answer({
        sources: [
          { title: 'Guide', snippet: 's', url: 'https://docs.example.com' },
          { title: 'Bad', snippet: '', url: 'javascript:x' },
        ],
      }),
    )
    await waitFor(() => expect(el.querySelector('details')).not.toBeNull())
    const details = el.querySelector('details') as HTMLDetailsElement
    expect(details.open).toBe(false)
    expect(details.querySelector('summary')?.textContent).toBe('Sources (2)')
    expect(details.querySelectorAll('a')).toHaveLength(1)
    expect(details.textContent).toContain('Bad')
  })

  it('shows images the assistant produced', () => {
    const el = show(
      answer({
        files: [
          { url: 'https://relay.test/files/a.png', type: 'image' },
          { url: 'javascript:x', type: 'image' },
        ],
      }),
    )
    expect([...el.querySelectorAll('img')].map((i) => i.getAttribute('src'))).toEqual([
      'https://relay.test/files/a.png',
    ])
  })

  it('explains an error and offers retry', () => {
    const el = show(
      answer({
        state: 'error',
        text: '',
        error: { code: 'upstream_unavailable', message: '', retryable: true },
      }),
    )
    expect(el.dataset.state).toBe('error')
    expect(el.textContent).toContain('Something went wrong.')
    expect(el.querySelector('[data-parley="retry"]')?.textContent).toBe('Retry')
  })

  it('keeps retry disabled while a rate limit lasts', () => {
    const el = show(
      answer({
        state: 'error',
        text: '',
        error: { code: 'rate_limited', message: '', retryable: true, until: Date.now() + 9000 },
      }),
    )
    expect(el.querySelector('[role="alert"]')?.textContent).toContain(
      'Too many messages. Try again in 9 seconds.',
    )
    expect((el.querySelector('[data-parley="retry"]') as HTMLButtonElement).disabled).toBe(true)
  })

  it('says when there is no connection, with retry enabled', () => {
    const el = show(
      answer({
        state: 'error',
        text: '',
        error: { code: 'offline', message: '', retryable: true },
      }),
    )
    expect(el.textContent).toContain('No connection.')
    expect((el.querySelector('[data-parley="retry"]') as HTMLButtonElement).disabled).toBe(false)
  })

  it('renders the visitor’s text as text', () => {
    const el = show({ ...answer({}), role: 'user', text: '<b>**not bold**</b>' })
    expect(el.querySelector('b, strong')).toBeNull()
    expect(el.textContent).toBe('<b>**not bold**</b>')
  })

  it('offers regenerate on an answer (the stylesheet shows it on the last one only)', () => {
    const button = show(answer({})).querySelector('[data-parley=regenerate]')
    expect(button?.getAttribute('aria-label')).toBe('Regenerate')
    expect(button?.classList.contains('rg')).toBe(true)
  })

  it('keeps the answers a regenerated one replaced, collapsed under it', () => {
    const el = show(
      answer({ text: 'third', earlier: [answer({ text: '*first*' }), answer({ text: 'second' })] }),
    )
    const details = el.querySelector('details[data-parley=earlier]') as HTMLDetailsElement
    expect(details.open).toBe(false)
    expect(details.querySelector('summary')?.textContent).toBe('Earlier answers (2)')
    expect(details.querySelector('em')?.textContent).toBe('first')
    expect(details.textContent).toContain('second')
  })

  it('shows the human-input form an answer waits on, in place of its actions', async () => {
    const el = show(answer({ text: 'Draft', form }))
    await waitFor(() => expect(el.querySelector('form[data-parley=human-form]')).not.toBeNull())
    expect(el.querySelector('.acts')).toBeNull()
    expect(el.querySelector('label')?.textContent).toBe('Notes')
  })

  it('says which action answered the form', () => {
    const el = show(answer({ text: 'Draft. Sent.', answered: 'Approve' }))
    expect(el.querySelector('.ans')?.textContent).toBe('You chose: Approve')
  })

  it('shows the visitor’s attachments by name until Dify has them, then as images', () => {
    const question = (files: ChatMessage['files']) =>
      show({ ...answer({}), role: 'user', text: 'Look', files })
    expect(
      question([{ url: '', type: 'image', name: 'boots.png' }]).querySelector('.files')
        ?.textContent,
    ).toBe('boots.png')
    cleanup()
    const img = question([
      { url: 'https://dify.test/files/b.png?sign=1', type: 'image', name: 'boots.png' },
    ]).querySelector('.files img')
    expect(img?.getAttribute('alt')).toBe('boots.png')
  })
})
