import type { HumanInputForm } from '@parley/shared'
import { describe, expect, it } from 'vitest'
import { layout } from './layout.ts'

const form = (content: string, names: string[]): HumanInputForm => ({
  token: 't',
  title: 'Approval',
  content,
  fields: names.map((name) => ({ name, type: 'paragraph', default: '' })),
  actions: [{ id: 'ok', title: 'OK', style: 'primary' }],
  expiresAt: 0,
})

describe('a human-input form’s layout', () => {
  it('puts each field at its placeholder, labelled by the line before it', () => {
    const pieces = layout(
      form('Review the draft below.\n\n**Your feedback:**\n{{#$output.feedback#}}\n\nThanks!', [
        'feedback',
      ]),
    )
    expect(pieces).toEqual([
      { text: 'Review the draft below.\n\n**Your feedback:**\n' },
      { field: expect.objectContaining({ name: 'feedback' }), label: 'Your feedback' },
      { text: '\n\nThanks!' },
    ])
  })

  it('names a field by its name when no words come before it, and appends unplaced fields', () => {
    const pieces = layout(form('{{#$output.first_name#}}', ['first_name', 'reason_given']))
    expect(pieces.map((p) => ('label' in p ? p.label : p.text))).toEqual([
      'first name',
      'reason given',
    ])
  })

  it('drops placeholders of unknown fields and second placeholders of the same field', () => {
    const pieces = layout(
      form('A: {{#$output.a#}} B: {{#$output.ghost#}} again: {{#$output.a#}}', ['a']),
    )
    expect(pieces.filter((p) => 'field' in p)).toHaveLength(1)
    expect(pieces.map((p) => ('text' in p ? p.text : p.label))).toEqual([
      'A: ',
      'A',
      ' B: ',
      ' again: ',
    ])
  })

  it('strips list and heading marks from a label and keeps it short', () => {
    const long = 'x'.repeat(200)
    expect(layout(form(`## Notes\n- ${long}:\n{{#$output.n#}}`, ['n']))[1]).toMatchObject({
      label: 'x'.repeat(80),
    })
  })
})
