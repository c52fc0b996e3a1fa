/**
 * Human input (Dify 1.13+, dify-api.md Part 2 §D): how a scenario scripts a chatflow's pause on a
 * form, the form's record, and the frames of the pause and of its answer.
 */
import type { FormActionRecord, FormInputRecord, HumanInputFormRecord } from './state.ts'
import { newId } from './state.ts'

/** A human-input node: the form a run pauses on, and what the run says once it is answered. */
export interface HumanInputScript {
  /** The node's title. Default `Approval`. */
  title?: string
  /** The form's Markdown, a `{{#$output.<name>#}}` placeholder per input. */
  content?: string
  /** Default: a paragraph `feedback`. Any `type` is sent as given (`select`, `file`: newer Dify). */
  inputs?: { name: string; type?: string; default?: string; variableDefault?: string }[]
  /** Default: `approve` (primary) and `reject`. */
  actions?: { id: string; title: string; buttonStyle?: string }[]
  /** False: the form is delivered elsewhere (email), so clients are not to show it. Default true. */
  displayInUi?: boolean
  /** How long the form takes an answer; then the run resumes on its timeout branch. Default 36 h. */
  expiresInMs?: number
  /** The answer's text after the form, by action id. Default: it names the action and the inputs. */
  answers?: Record<string, string>
  /** The answer's text on the timeout branch. */
  timeoutAnswer?: string
  /** Another pause once this form is answered, before the answer ends. */
  next?: HumanInputScript
}

/** Dify's own default node timeout (dify-api.md Part 2 §D.3). */
const DEFAULT_EXPIRY_MS = 36 * 3_600_000

export const DEFAULT_FORM: Required<
  Pick<HumanInputScript, 'title' | 'content' | 'inputs' | 'actions'>
> = {
  title: 'Approval',
  content: 'Please review the answer so far.\n\n**Feedback**\n\n{{#$output.feedback#}}',
  inputs: [{ name: 'feedback', type: 'paragraph' }],
  actions: [
    { id: 'approve', title: 'Approve', buttonStyle: 'primary' },
    { id: 'reject', title: 'Reject', buttonStyle: 'default' },
  ],
}

export const TIMEOUT_ANSWER = 'No one answered the form in time, so I went on without it.'

/** A new form record for `script`, waiting from now. */
export function newForm(
  script: HumanInputScript,
  ids: { runId: string; messageId: string; nodeId: string },
): HumanInputFormRecord {
  const inputs: FormInputRecord[] = (script.inputs ?? DEFAULT_FORM.inputs).map((input) => ({
    type: input.type ?? 'paragraph',
    output_variable_name: input.name,
    default:
      input.variableDefault !== undefined
        ? { type: 'variable', selector: ['1711528700000', 'text'], value: '' }
        : { type: 'constant', selector: [], value: input.default ?? '' },
  }))
  const actions: FormActionRecord[] = (script.actions ?? DEFAULT_FORM.actions).map((action) => ({
    id: action.id,
    title: action.title,
    button_style: action.buttonStyle ?? 'default',
  }))
  const resolvedDefaults: Record<string, string> = {}
  for (const input of script.inputs ?? []) {
    if (input.variableDefault !== undefined) resolvedDefaults[input.name] = input.variableDefault
  }
  return {
    id: newId(),
    token: newId().replaceAll('-', ''),
    runId: ids.runId,
    messageId: ids.messageId,
    nodeId: ids.nodeId,
    nodeTitle: script.title ?? DEFAULT_FORM.title,
    content: script.content ?? DEFAULT_FORM.content,
    inputs,
    actions,
    displayInUi: script.displayInUi ?? true,
    resolvedDefaults,
    expiresAt: Math.ceil((Date.now() + (script.expiresInMs ?? DEFAULT_EXPIRY_MS)) / 1000),
    status: 'waiting',
    submission: null,
  }
}

/** Whether the form still takes an answer (Dify checks the deadline itself, not only the scan). */
export function formExpired(form: HumanInputFormRecord): boolean {
  return form.status === 'timeout' || form.expiresAt <= Date.now() / 1000
}

/** `human_input_required.data` and the history's `form_definition`, in Dify's key order. */
export function formDefinition(form: HumanInputFormRecord): Record<string, unknown> {
  return {
    form_id: form.id,
    node_id: form.nodeId,
    node_title: form.nodeTitle,
    form_content: form.content,
    inputs: form.inputs,
    actions: form.actions,
    display_in_ui: form.displayInUi,
    form_token: form.token,
    resolved_default_values: form.resolvedDefaults,
    expiration_time: form.expiresAt,
  }
}

/** `workflow_paused` fields: the run, its paused nodes, and a reason per waiting form. */
export function workflowPausedFields(
  runId: string,
  createdAt: number,
  forms: HumanInputFormRecord[],
): Record<string, unknown> {
  return {
    workflow_run_id: runId,
    data: {
      workflow_run_id: runId,
      paused_nodes: forms.map((form) => form.nodeId),
      outputs: {},
      reasons: forms.map((form) => {
        const { form_id, form_content, inputs, actions, node_id, node_title } = formDefinition(form)
        return {
          TYPE: 'human_input_required',
          form_id,
          form_content,
          inputs,
          actions,
          node_id,
          node_title,
          resolved_default_values: form.resolvedDefaults,
          form_token: form.token,
          expiration_time: form.expiresAt,
        }
      }),
      status: 'paused',
      created_at: createdAt,
      elapsed_time: 1.2,
      total_tokens: 20,
      total_steps: 3,
    },
  }
}

/** The form's content with each placeholder replaced by its answer, as Dify renders it. */
export function renderedContent(
  form: HumanInputFormRecord,
  inputs: Record<string, string>,
): string {
  return form.content.replace(/\{\{#\$output\.([^#]+)#\}\}/g, (all, name: string) =>
    Object.hasOwn(inputs, name) ? (inputs[name] ?? '') : all,
  )
}

/** `human_input_form_filled` (resumed) or `human_input_form_timeout` fields. */
export function formOutcomeFrame(form: HumanInputFormRecord): {
  event: string
  fields: Record<string, unknown>
} {
  const data = form.submission
    ? {
        node_id: form.nodeId,
        node_title: form.nodeTitle,
        rendered_content: form.submission.renderedContent,
        action_id: form.submission.actionId,
        action_text: form.submission.actionText,
      }
    : { node_id: form.nodeId, node_title: form.nodeTitle, expiration_time: form.expiresAt }
  const event = form.submission ? 'human_input_form_filled' : 'human_input_form_timeout'
  return { event, fields: { workflow_run_id: form.runId, data } }
}

/** What the run answers after the form: the script's, or a sentence naming the choice. */
export function answerAfter(script: HumanInputScript, form: HumanInputFormRecord): string {
  const submission = form.submission
  if (!submission) return script.timeoutAnswer ?? TIMEOUT_ANSWER
  const scripted = script.answers?.[submission.actionId]
  if (scripted !== undefined) return scripted
  const given = Object.entries(submission.inputs)
    .filter(([, value]) => value.trim() !== '')
    .map(([name, value]) => `${name}: “${value}”`)
  const said = given.length > 0 ? ` You wrote ${given.join(', ')}.` : ''
  return `Thanks: you chose “${submission.actionText}”.${said}`
}
