import type { HumanInputForm } from '@parley/shared'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { HumanForm } from './HumanForm.tsx'

const form: HumanInputForm = {
  token: 't',
  title: 'Approval',
  content:
    'Review the draft.\n\nYour feedback:\n{{#$output.feedback#}}\n\nName: {{#$output.name#}}',
  fields: [
    { name: 'feedback', type: 'paragraph', default: 'Looks good' },
    { name: 'name', type: 'text_input', default: '' },
  ],
  actions: [
    { id: 'approve', title: 'Approve', style: 'primary' },
    { id: 'reject', title: 'Request changes', style: 'ghost' },
  ],
  expiresAt: 2_000,
}

const show = (props: Partial<Parameters<typeof HumanForm>[0]> = {}) => {
  const submit = vi.fn(async () => {})
  render(
    <HumanForm
      form={form}
      lang="en"
      markdown={(text) => <span data-md>{text}</span>}
      submit={submit}
      now={() => 1_000}
      {...props}
    />,
  )
  return submit
}

afterEach(cleanup)

describe('the human-input form', () => {
  it('lays out the text, the fields labelled by the words before them, and the actions', () => {
    show()
    expect(screen.getByRole('form', { name: 'Approval' })).toBeTruthy()
    expect((screen.getByLabelText('Your feedback') as HTMLTextAreaElement).value).toBe('Looks good')
    expect(screen.getByLabelText('Name').tagName).toBe('INPUT')
    expect(screen.getByText(/Review the draft/).hasAttribute('data-md')).toBe(true)
    expect(screen.getAllByRole('button').map((b) => [b.textContent, b.className])).toEqual([
      ['Approve', 'btn primary'],
      ['Request changes', 'btn ghost'],
    ])
  })

  it('calls submit once per choice while one is on its way', async () => {
    let done = () => {}
    const submit = vi.fn(() => new Promise<void>((r) => (done = r)))
    show({ submit })
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Ada' } })
    fireEvent.click(screen.getByRole('button', { name: 'Request changes' }))
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }))
    expect(submit.mock.calls).toEqual([['reject', { feedback: 'Looks good', name: 'Ada' }]])
    expect(screen.getByRole('status').textContent).toBe('Sending…')
    done()
  })

  it('says an expired or already answered form is closed, and keeps a failed one open', async () => {
    const codes = ['upstream_unavailable', 'form_answered']
    const submit = vi.fn(async () => {
      throw Object.assign(new Error(''), { code: codes.shift() })
    })
    show({ submit })
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }))
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Your answer could not be sent. Please try again.',
      ),
    )
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }))
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('This form has already been answered.'),
    )
    expect(screen.queryAllByRole('button')).toEqual([])
    expect((screen.getByLabelText('Name') as HTMLInputElement).disabled).toBe(true)
  })

  it('shows a form past its deadline as expired without sending it', () => {
    const submit = show({ now: () => 5_000 })
    expect(screen.getByRole('alert').textContent).toBe('This form has expired.')
    expect(screen.queryAllByRole('button')).toEqual([])
    expect(submit).not.toHaveBeenCalled()
  })

  it('speaks the visitor’s language', () => {
    show({ now: () => 5_000, lang: 'de-AT' })
    expect(screen.getByRole('alert').textContent).toBe('Dieses Formular ist abgelaufen.')
  })
})
