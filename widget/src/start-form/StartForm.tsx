/**
 * The app's start form: the inputs the app declares that data-inputs does not supply, asked before
 * a conversation's first message. With a required one it stands in for the composer until it is
 * complete ("Start chat"); with optional ones only, it sits collapsed above the composer and what
 * is filled in goes with the messages as it is typed. Checked here by the app's rules (rules.ts),
 * and again by the relay. This is the form chunk: it renders with the app's Preact (chunks/host.ts).
 */
import type { AppInput } from '@parley/shared'
import type { Widget } from '../ui/widget-context.ts'
import { formStrings } from './strings.ts'
import { useFields } from './use-fields.tsx'

export interface StartFormProps {
  widget: Pick<Widget, 'view' | 'chat' | 'relay'>
  /** The declared inputs data-inputs does not supply. */
  inputs: AppInput[]
  /** One of them is required: the form stands in for the composer until it is complete. */
  blocking: boolean
  /** The visitor completed a blocking form. */
  onStart(): void
}

export function StartForm({ widget, inputs, blocking, onStart }: StartFormProps) {
  const { view, chat, relay } = widget
  const t = formStrings(view.lang)
  const form = useFields({
    inputs,
    initial: chat.$inputs.get(),
    t,
    relay,
    onValues: blocking ? undefined : chat.setInputs,
  })
  const submit = (e: Event) => {
    e.preventDefault()
    const values = form.submit()
    if (!values) return
    chat.setInputs(values)
    onStart()
  }
  if (!blocking) {
    return (
      <form ref={form.self} class="sf" data-parley="start-form" noValidate onSubmit={submit}>
        <details>
          <summary>{t.optional}</summary>
          {form.fields}
        </details>
      </form>
    )
  }
  return (
    <form
      ref={form.self}
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
      {form.fields}
      <p class="err" role="alert">
        {form.summary}
      </p>
      <button type="submit" class="btn start" data-parley="start" aria-disabled={form.uploading}>
        {t.start}
      </button>
    </form>
  )
}
