/**
 * `GET` and `POST /form/human_input/:form_token` (dify-api.md Part 2 §D.2): a paused run's form,
 * and its one answer, which resumes the run (resume.ts). Only forms for the web app are served here;
 * `user` is required but, as in Dify, never checked against the run's.
 */
import { Hono } from 'hono'
import type { EmulatorContext } from './context.ts'
import { DifyError, invalidParam, notFound, readJson, userFrom, validationMessage } from './http.ts'
import { formExpired, renderedContent } from './human-input.ts'
import type { HumanInputFormRecord } from './state.ts'

/** `HumanInputService.ensure_form_active`: one answer, before the deadline. */
function ensureActive(form: HumanInputFormRecord): void {
  if (form.status === 'submitted') {
    throw new DifyError(
      412,
      'human_input_form_submitted',
      `This form has already been submitted by another user, form_id=${form.id}`,
    )
  }
  if (formExpired(form)) {
    throw new DifyError(
      412,
      'human_input_form_expired',
      `This form has expired, form_id=${form.id}`,
    )
  }
}

function findForm(ctx: EmulatorContext, token: string): HumanInputFormRecord {
  const form = ctx.state.forms.get(token)
  // Another recipient's token (email, console) is not the Service API's to answer.
  if (!form?.displayInUi) throw notFound('Form not found')
  return form
}

const invalidForm = (message: string) => new DifyError(400, 'invalid_form_data', message)

export function formRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono()

  app.get('/form/human_input/:form_token', (c) => {
    const form = findForm(ctx, c.req.param('form_token'))
    ensureActive(form)
    return c.json({
      form_content: form.content,
      inputs: form.inputs,
      resolved_default_values: form.resolvedDefaults,
      user_actions: form.actions,
      expiration_time: form.expiresAt,
    })
  })

  app.post('/form/human_input/:form_token', async (c) => {
    const body = await readJson(c)
    userFrom(body.user, true)
    const { inputs, action } = body
    if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
      throw invalidParam(
        validationMessage('HumanInputFormSubmitPayload', 'inputs', 'Field required [type=missing]'),
      )
    }
    if (typeof action !== 'string') {
      throw invalidParam(
        validationMessage('HumanInputFormSubmitPayload', 'action', 'Field required [type=missing]'),
      )
    }
    const form = findForm(ctx, c.req.param('form_token'))
    ensureActive(form)
    const chosen = form.actions.find((a) => a.id === action)
    if (!chosen) throw invalidForm(`Invalid action: ${action}`)
    const given = inputs as Record<string, unknown>
    const missing = form.inputs
      .map((input) => input.output_variable_name)
      .filter((name) => !Object.hasOwn(given, name))
    if (missing.length > 0) throw invalidForm(`Missing required inputs: ${missing.join(', ')}`)
    // Dify 1.14.1 does not check the values' types; they are kept as text here.
    const answer: Record<string, string> = {}
    for (const input of form.inputs) {
      const name = input.output_variable_name
      answer[name] = String(given[name] ?? '')
    }
    form.status = 'submitted'
    form.submission = {
      actionId: chosen.id,
      actionText: chosen.title,
      renderedContent: renderedContent(form, answer),
      inputs: answer,
    }
    ctx.state.runs.get(form.runId)?.resume?.(form)
    return c.json({})
  })

  return app
}
