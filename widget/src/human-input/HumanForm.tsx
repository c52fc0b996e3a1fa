/**
 * A human-input form a paused chatflow waits on, shown in its answer: the form's markdown with the
 * fields where it places them, and one button per action; choosing one sends the answer and the
 * chat goes on. This is part of the form chunk: it renders with the app's Preact (chunks/host.ts).
 */
import type { HumanInputForm } from '@parley/shared'
import type { ComponentChildren } from 'preact'
import { useRef, useState } from 'preact/hooks'
import { useSheet } from '../chunks/use-sheet.ts'
import { layout } from './layout.ts'
import { humanFormStrings } from './strings.ts'
import { HUMAN_FORM_CSS } from './styles.ts'

export interface HumanFormProps {
  form: HumanInputForm
  lang: string
  /** The app's markdown rendering of the form's text. */
  markdown(text: string): ComponentChildren
  /** Sends the answer; rejects with the relay's error (its `code`) when it is refused. */
  submit(action: string, inputs: Record<string, string>): Promise<void>
  /** The current time in ms (tests). */
  now?: () => number
}

type Problem = 'expired' | 'answered' | 'failed'

export function HumanForm({ form, lang, markdown, submit, now = Date.now }: HumanFormProps) {
  const t = humanFormStrings(lang)
  const [values, setValues] = useState(() =>
    Object.fromEntries(form.fields.map((f) => [f.name, f.default])),
  )
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<Problem | null>(() =>
    now() >= form.expiresAt ? 'expired' : null,
  )
  const self = useRef<HTMLFormElement>(null)
  useSheet(self, HUMAN_FORM_CSS)
  const closed = problem === 'expired' || problem === 'answered'

  const send = async (action: string) => {
    if (busy || closed) return
    if (now() >= form.expiresAt) return setProblem('expired')
    setBusy(true)
    setProblem(null)
    try {
      await submit(action, values)
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code
      setProblem(
        code === 'form_expired' ? 'expired' : code === 'form_answered' ? 'answered' : 'failed',
      )
      setBusy(false)
    }
  }

  return (
    <form
      ref={self}
      class="hf"
      data-parley="human-form"
      aria-label={form.title}
      aria-busy={busy}
      onSubmit={(e) => e.preventDefault()}
    >
      {layout(form).map((piece, i) =>
        'text' in piece ? (
          <div key={i} dir="auto">
            {markdown(piece.text)}
          </div>
        ) : (
          <label key={i} dir="auto">
            {piece.label}
            <Control
              multiline={piece.field.type === 'paragraph'}
              value={values[piece.field.name] ?? ''}
              disabled={closed}
              onInput={(value) => setValues({ ...values, [piece.field.name]: value })}
            />
          </label>
        ),
      )}
      <p role="alert" class="err">
        {problem && t[problem]}
      </p>
      {!closed && (
        <div class="row">
          {form.actions.map((action) => (
            <button
              type="button"
              key={action.id}
              class={`btn ${action.style}`}
              aria-disabled={busy}
              onClick={() => send(action.id)}
            >
              {action.title}
            </button>
          ))}
          <span role="status">{busy ? t.sending : ''}</span>
        </div>
      )}
    </form>
  )
}

/** A field's input: a text area for a paragraph, else one line. */
function Control({
  multiline,
  onInput,
  ...props
}: {
  multiline: boolean
  value: string
  disabled: boolean
  onInput(value: string): void
}) {
  const input = (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) =>
    onInput(e.currentTarget.value)
  return multiline ? <textarea {...props} onInput={input} /> : <input {...props} onInput={input} />
}
