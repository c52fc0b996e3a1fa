/**
 * The app's start form: the inputs the app declares that data-inputs does not supply, asked before
 * a conversation's first message. With a required one it stands in for the composer until it is
 * complete ("Start chat"); with optional ones only, it sits collapsed above the composer and what
 * is filled in goes with the messages as it is typed. Checked here by the app's rules (rules.ts),
 * and again by the relay. This is the form chunk: it renders with the app's Preact (chunks/host.ts).
 */
import type { AppInput } from '@parley/shared'
import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import { useSheet } from '../chunks/use-sheet.ts'
import type { Widget } from '../ui/widget-context.ts'
import { Field, fieldId } from './Field.tsx'
import { check, type Problem } from './rules.ts'
import { formStrings } from './strings.ts'
import { FORM_CSS } from './styles.ts'

export interface StartFormProps {
  widget: Pick<Widget, 'view' | 'chat' | 'relay'>
  /** The declared inputs data-inputs does not supply. */
  inputs: AppInput[]
  /** One of them is required: the form stands in for the composer until it is complete. */
  blocking: boolean
  /** The visitor completed a blocking form. */
  onStart(): void
}

/** The values to send and the problems, field by field, of what the form holds. */
function collect(inputs: AppInput[], raw: Record<string, unknown>) {
  const values: Record<string, unknown> = {}
  const problems: Record<string, Problem> = {}
  for (const input of inputs) {
    const result = check(input, raw[input.variable])
    if (!result.ok) problems[input.variable] = result.problem
    else if (result.value !== undefined) values[input.variable] = result.value
  }
  return { values, problems }
}

export function StartForm({ widget, inputs, blocking, onStart }: StartFormProps) {
  const { view, chat, relay } = widget
  const t = formStrings(view.lang)
  const [raw, setRaw] = useState<Record<string, unknown>>(() => ({ ...chat.$inputs.get() }))
  const [problems, setProblems] = useState<Record<string, Problem>>({})
  const [summary, setSummary] = useState('')
  const [uploading, setUploading] = useState(0)
  /** After a refused submit: focus goes to the first field with a problem. */
  const [refused, setRefused] = useState(0)
  const self = useRef<HTMLFormElement>(null)
  useSheet(self, FORM_CSS)
  useLayoutEffect(() => {
    if (refused) self.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [refused])

  const change = (input: AppInput, value: unknown) => {
    const next = { ...raw, [input.variable]: value }
    setRaw(next)
    const { values, problems: found } = collect(inputs, next)
    // A problem shown goes away once fixed; new ones wait for the submit (or the field's blur).
    const shown = problems[input.variable] ? found[input.variable] : undefined
    setProblems((p) => {
      const rest = Object.fromEntries(Object.entries(p).filter(([k]) => k !== input.variable))
      return shown ? { ...rest, [input.variable]: shown } : rest
    })
    if (!blocking) chat.setInputs(values)
  }
  const blur = (input: AppInput) => {
    const result = check(input, raw[input.variable])
    // Leaving an untouched required field empty is not an error yet: the submit says so.
    if (!result.ok && !(result.problem.kind === 'required' && !(input.variable in raw))) {
      setProblems((p) => ({ ...p, [input.variable]: result.problem }))
    }
  }
  const submit = (e: Event) => {
    e.preventDefault()
    if (uploading) return
    const { values, problems: found } = collect(inputs, raw)
    setProblems(found)
    const count = Object.keys(found).length
    if (count) {
      setSummary(t.check.replace('{}', String(count)))
      setRefused((n) => n + 1)
      return
    }
    chat.setInputs(values)
    onStart()
  }

  const fields = inputs.map((input, i) => (
    <Field
      key={input.variable}
      id={fieldId(i)}
      input={input}
      value={raw[input.variable]}
      problem={problems[input.variable]}
      t={t}
      relay={relay}
      first={i === 0}
      onChange={(value) => change(input, value)}
      onBlur={() => blur(input)}
      onUploads={(delta) => setUploading((n) => n + delta)}
    />
  ))
  if (!blocking) {
    return (
      <form ref={self} class="sf" data-parley="start-form" noValidate onSubmit={submit}>
        <details>
          <summary>{t.optional}</summary>
          {fields}
        </details>
      </form>
    )
  }
  return (
    <form
      ref={self}
      class="sf"
      data-parley="start-form"
      aria-labelledby="parley-sf"
      aria-describedby="parley-sf-intro"
      noValidate
      onSubmit={submit}
    >
      <h2 id="parley-sf">{t.heading}</h2>
      <p id="parley-sf-intro" class="st">
        {t.intro}
      </p>
      {fields}
      <p class="err" role="alert">
        {summary}
      </p>
      <button type="submit" class="btn start" data-parley="start" aria-disabled={uploading > 0}>
        {t.start}
      </button>
    </form>
  )
}
