import { describe, expect, it } from 'vitest'
import { FORM_LIMITS, readHumanInputForm } from './human-input.ts'

const RUN = 'fb47aaaa-0000-4000-8000-000000000009'

/** `human_input_required.data` as Dify 1.14.1 sends it (dify-api.md Part 2 §D.1). */
const definition = (extra: Record<string, unknown> = {}) => ({
  form_id: 'SECRET_FORM_ID',
  node_id: 'SECRET_NODE_ID',
  node_title: 'Approval',
  form_content: 'Review the draft:\n\n{{#$output.feedback#}}\n\n{{#$output.name#}}',
  inputs: [
    {
      type: 'paragraph',
      output_variable_name: 'feedback',
      default: { type: 'variable', selector: ['SECRET_SELECTOR', 'text'], value: '' },
    },
    {
      type: 'text_input',
      output_variable_name: 'name',
      default: { type: 'constant', selector: [], value: 'Ann' },
    },
  ],
  actions: [
    { id: 'approve', title: 'Approve', button_style: 'primary' },
    { id: 'reject', title: 'Request changes', button_style: 'shiny' },
  ],
  display_in_ui: true,
  form_token: 'SECRET_FORM_TOKEN',
  resolved_default_values: { feedback: 'draft text' },
  expiration_time: 1747129600,
  ...extra,
})

const refusal = (extra: Record<string, unknown>) => {
  const reading = readHumanInputForm(definition(extra), RUN)
  return reading && 'refused' in reading ? reading.refused : null
}

describe('readHumanInputForm', () => {
  it('shows labels and content only, and keeps what answering needs apart', () => {
    const reading = readHumanInputForm(definition(), RUN)
    expect(reading).toEqual({
      draft: {
        form: {
          title: 'Approval',
          content: 'Review the draft:\n\n{{#$output.feedback#}}\n\n{{#$output.name#}}',
          fields: [
            { name: 'feedback', type: 'paragraph', default: 'draft text' },
            { name: 'name', type: 'text_input', default: 'Ann' },
          ],
          actions: [
            { id: 'approve', title: 'Approve', style: 'primary' },
            { id: 'reject', title: 'Request changes', style: 'default' },
          ],
          expiresAt: 1747129600000,
        },
        handle: {
          formToken: 'SECRET_FORM_TOKEN',
          runId: RUN,
          expiresAt: 1747129600000,
          actions: ['approve', 'reject'],
          fields: ['feedback', 'name'],
        },
      },
    })
    const shown = reading && 'draft' in reading ? reading.draft.form : null
    expect(JSON.stringify(shown)).not.toContain('SECRET')
  })

  it('starts a field from the resolved default, else the constant one, else empty', () => {
    const reading = readHumanInputForm(
      definition({
        resolved_default_values: { b: 42 },
        inputs: [
          { type: 'paragraph', output_variable_name: 'a', default: null },
          {
            type: 'paragraph',
            output_variable_name: 'b',
            default: { type: 'constant', value: 'x' },
          },
          {
            type: 'paragraph',
            output_variable_name: 'c',
            default: { type: 'variable', value: 'y' },
          },
          {
            type: 'paragraph',
            output_variable_name: 'd',
            default: { type: 'constant', value: 'z' },
          },
        ],
      }),
      RUN,
    )
    const fields = reading && 'draft' in reading ? reading.draft.form.fields : []
    expect(fields.map((f) => f.default)).toEqual(['', '42', '', 'z'])
  })

  it('leaves a form meant for elsewhere (display_in_ui false) to Dify', () => {
    expect(readHumanInputForm(definition({ display_in_ui: false }), RUN)).toBeNull()
    expect(readHumanInputForm({}, RUN)).toBeNull()
    expect(readHumanInputForm('not a form', RUN)).toBeNull()
  })

  it('refuses fields it cannot show (select, files, unknown) as a whole form', () => {
    for (const type of ['select', 'file', 'file-list', 'number', undefined]) {
      const inputs = [
        { type: 'paragraph', output_variable_name: 'ok' },
        { type, output_variable_name: 'pick' },
      ]
      expect(refusal({ inputs }), String(type)).toMatch(/pick is of a kind this chat cannot show/)
    }
  })

  it('refuses a form past its bounds rather than cutting it', () => {
    const field = (i: number) => ({ type: 'paragraph', output_variable_name: `f${i}` })
    const action = (i: number) => ({ id: `a${i}`, title: `A${i}` })
    expect(refusal({ form_content: 'x'.repeat(FORM_LIMITS.contentChars + 1) })).toMatch(/content/)
    expect(
      refusal({ inputs: Array.from({ length: FORM_LIMITS.fields + 1 }, (_, i) => field(i)) }),
    ).toMatch(/21 fields/)
    expect(
      refusal({ actions: Array.from({ length: FORM_LIMITS.actions + 1 }, (_, i) => action(i)) }),
    ).toMatch(/11 actions/)
    expect(refusal({ resolved_default_values: { feedback: 'x'.repeat(20_001) } })).toMatch(
      /default/,
    )
    expect(refusal({ form_token: 't'.repeat(FORM_LIMITS.formTokenChars + 1) })).toMatch(/token/)
  })

  it('refuses a form that cannot be answered: no token, no actions, no run, no deadline, bad names', () => {
    expect(refusal({ form_token: null })).toMatch(/no form token/)
    expect(refusal({ actions: [] })).toMatch(/no actions/)
    expect(refusal({ expiration_time: null })).toMatch(/expiration/)
    expect(refusal({ actions: [{ id: 'a b', title: 'x' }] })).toMatch(/usable id/)
    expect(refusal({ actions: [{ id: 'a' }, { id: 'a' }] })).toMatch(/twice/)
    expect(refusal({ inputs: [{ type: 'paragraph', output_variable_name: '../x' }] })).toMatch(
      /usable name/,
    )
    const noRun = readHumanInputForm(definition(), undefined)
    expect(noRun && 'refused' in noRun).toBe(true)
  })

  it('caps titles and names an untitled action by its id', () => {
    const reading = readHumanInputForm(
      definition({ node_title: 'T'.repeat(500), actions: [{ id: 'go', title: '  ' }] }),
      RUN,
    )
    const form = reading && 'draft' in reading ? reading.draft.form : null
    expect(form?.title.length).toBe(FORM_LIMITS.titleChars)
    expect(form?.actions).toEqual([{ id: 'go', title: 'go', style: 'default' }])
  })
})
