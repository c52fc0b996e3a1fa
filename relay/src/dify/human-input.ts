/**
 * Dify's human-input form (a `human_input_required` event's `data`, or a paused message's
 * `form_definition` in history; dify-api.md Part 2 §D) → what the widget shows, and the handle the
 * relay needs to answer it, kept apart: only labels and content reach the browser, and the handle
 * only sealed (visitor-ids.ts). Pure, and an allowlist like events.ts.
 *
 * Shown: text fields (`text_input`, `paragraph`). A form with any other kind of field (`select`,
 * `file`, `file-list`, newer than Dify 1.14.1) or past the bounds below is refused as a whole: half
 * a form could not be answered, and Dify wants every field. A form not meant for the web app
 * (`display_in_ui` false, e.g. sent by email) is not this chat's to show.
 */
import type { HumanInputField, HumanInputForm } from '@parley/shared'
import { cap } from './sources.ts'

/** What answering a form needs; sealed before it leaves the relay. */
export interface FormHandle {
  /** Dify's form token: it answers the form for anyone who has it. */
  formToken: string
  /** The paused run, whose events the answer resumes on. */
  runId: string
  /** Unix milliseconds. */
  expiresAt: number
  /** The action ids, to check the choice without asking Dify. */
  actions: string[]
  /** The field names, which Dify wants every one of. */
  fields: string[]
}

/** A form ready to show but for its token (the sealed handle). */
export interface FormDraft {
  form: Omit<HumanInputForm, 'token'>
  handle: FormHandle
}

/** The form, `refused` with the reason for the log, or null when it is not for this chat. */
export type FormReading = { draft: FormDraft } | { refused: string } | null

/** Far above a real form; a form past them is refused, not cut (a cut form could lose a field). */
export const FORM_LIMITS = {
  contentChars: 20_000,
  fields: 20,
  actions: 10,
  /** A field's default: a draft to review can be long. */
  defaultChars: 20_000,
  /** Dify's own limit is 100. */
  actionTitleChars: 100,
  titleChars: 120,
  formTokenChars: 256,
} as const

/** Dify's variable names and action ids are identifiers (action ids at most 20 characters). */
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/
const ACTION_ID = /^[A-Za-z0-9_-]{1,64}$/
const RUN_ID = /^[A-Za-z0-9-]{1,64}$/
const STYLES = new Set(['primary', 'default', 'accent', 'ghost'])
const TEXT_FIELDS = new Set(['text_input', 'paragraph'])

type Style = HumanInputForm['actions'][number]['style']

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

/** A default as the field shows it: strings as they are, numbers and booleans spelled out. */
function shown(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

function readFields(
  inputs: unknown,
  resolved: Record<string, unknown>,
): HumanInputField[] | string {
  if (!Array.isArray(inputs)) return []
  if (inputs.length > FORM_LIMITS.fields) return `it has ${inputs.length} fields`
  const fields: HumanInputField[] = []
  for (const item of inputs) {
    const input = record(item)
    const name = input.output_variable_name
    if (typeof name !== 'string' || !NAME.test(name)) return 'a field has no usable name'
    if (fields.some((f) => f.name === name)) return `the field ${name} comes twice`
    const type = input.type
    if (typeof type !== 'string' || !TEXT_FIELDS.has(type)) {
      return `the field ${name} is of a kind this chat cannot show (${String(type).slice(0, 20)})`
    }
    const constant = record(input.default)
    const value =
      shown(resolved[name]) ?? (constant.type === 'constant' ? shown(constant.value) : '') ?? ''
    if (value.length > FORM_LIMITS.defaultChars) return `the default of ${name} is too long`
    fields.push({ name, type: type as HumanInputField['type'], default: value })
  }
  return fields
}

function readActions(actions: unknown): HumanInputForm['actions'] | string {
  if (!Array.isArray(actions) || actions.length === 0) return 'it has no actions'
  if (actions.length > FORM_LIMITS.actions) return `it has ${actions.length} actions`
  const read: HumanInputForm['actions'] = []
  for (const item of actions) {
    const action = record(item)
    const id = action.id
    if (typeof id !== 'string' || !ACTION_ID.test(id)) return 'an action has no usable id'
    if (read.some((a) => a.id === id)) return `the action ${id} comes twice`
    const title =
      typeof action.title === 'string' ? cap(action.title, FORM_LIMITS.actionTitleChars) : ''
    const style = action.button_style
    read.push({
      id,
      title: title === '' ? id : title,
      style: typeof style === 'string' && STYLES.has(style) ? (style as Style) : 'default',
    })
  }
  return read
}

/**
 * The form of a human-input definition; `runId` is the paused run's id (the event's
 * `workflow_run_id`, or the history item's).
 */
export function readHumanInputForm(definition: unknown, runId: unknown): FormReading {
  const d = record(definition)
  if (d.display_in_ui !== true) return null
  const refused = (why: string) => ({ refused: `human-input form not shown: ${why}` })
  const formToken = d.form_token
  if (typeof formToken !== 'string' || formToken === '') return refused('it has no form token')
  if (formToken.length > FORM_LIMITS.formTokenChars) return refused('its form token is too long')
  if (typeof runId !== 'string' || !RUN_ID.test(runId)) return refused('it names no run')
  const expiration = d.expiration_time
  if (typeof expiration !== 'number' || !Number.isFinite(expiration) || expiration <= 0) {
    return refused('it has no expiration time')
  }
  const content = typeof d.form_content === 'string' ? d.form_content : ''
  if (content.length > FORM_LIMITS.contentChars) {
    return refused(`its content has ${content.length} characters`)
  }
  const fields = readFields(d.inputs, record(d.resolved_default_values))
  if (typeof fields === 'string') return refused(fields)
  const actions = readActions(d.actions)
  if (typeof actions === 'string') return refused(actions)
  const expiresAt = Math.round(expiration * 1000)
  return {
    draft: {
      form: {
        title: typeof d.node_title === 'string' ? cap(d.node_title, FORM_LIMITS.titleChars) : '',
        content,
        fields,
        actions,
        expiresAt,
      },
      handle: {
        formToken,
        runId,
        expiresAt,
        actions: actions.map((a) => a.id),
        fields: fields.map((f) => f.name),
      },
    },
  }
}
