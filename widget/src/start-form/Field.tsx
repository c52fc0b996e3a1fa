import type { AppInput, ChatFile, UploadedFile } from '@parley/shared'
import { ROUTES } from '@parley/shared'
import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import type { RelayClient } from '../api/relay-client.ts'
import type { Problem } from './rules.ts'
import type { FormStrings } from './strings.ts'

export const fieldId = (index: number): string => `parley-in-${index}`

interface FieldProps {
  id: string
  input: AppInput
  value: unknown
  problem: Problem | undefined
  t: FormStrings
  relay: Pick<RelayClient, 'request'>
  /** The panel focuses the form's first field as it opens. */
  first: boolean
  onChange(value: unknown): void
  onBlur(): void
  /** +1 when an upload starts, −1 when it ends. */
  onUploads(delta: number): void
}

function problemText(problem: Problem, t: FormStrings): string {
  if (problem.kind === 'tooLong') return t.tooLong.replace('{}', String(problem.max))
  if (problem.kind === 'tooManyFiles') return t.tooManyFiles.replace('{}', String(problem.max))
  return t[problem.kind]
}

/** One input of the start form: its label, its control by Dify input type, its problem. */
export function Field(props: FieldProps) {
  const { id, input, problem, t, first } = props
  const errorId = `${id}-err`
  const common = {
    id,
    'aria-invalid': problem ? ('true' as const) : undefined,
    'aria-describedby': problem ? errorId : undefined,
    'aria-required': input.required || undefined,
    'data-focus': first || undefined,
    onBlur: props.onBlur,
  }
  const text = typeof props.value === 'string' ? props.value : ''
  const label = (
    <label for={id}>
      {input.label}
      {input.required && <span aria-hidden="true"> *</span>}
    </label>
  )
  let control: JSX.Element
  switch (input.type) {
    case 'checkbox':
      return (
        <div class="fld check">
          <input
            {...common}
            type="checkbox"
            checked={props.value === true}
            onChange={(e) => props.onChange(e.currentTarget.checked)}
          />
          {label}
        </div>
      )
    case 'paragraph':
    case 'json_object':
      control = (
        <textarea
          {...common}
          rows={3}
          value={text}
          maxLength={input.type === 'paragraph' ? input.maxLength : undefined}
          onInput={(e) => props.onChange(e.currentTarget.value)}
        />
      )
      break
    case 'select':
      control = (
        <select {...common} value={text} onChange={(e) => props.onChange(e.currentTarget.value)}>
          <option value="">{t.choose}</option>
          {(input.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      )
      break
    case 'file':
    case 'file-list':
      control = <FilePicker {...props} common={common} />
      break
    default:
      control = (
        <input
          {...common}
          type="text"
          inputMode={input.type === 'number' ? 'decimal' : undefined}
          value={text}
          maxLength={input.maxLength}
          onInput={(e) => props.onChange(e.currentTarget.value)}
        />
      )
  }
  return (
    <div class="fld">
      {label}
      {control}
      {problem && (
        <p class="err" id={errorId}>
          {problemText(problem, t)}
        </p>
      )}
    </div>
  )
}

interface Upload {
  name: string
  file: ChatFile | null
  failed: boolean
}

/** Files for a `file` / `file-list` input, each uploaded through the relay as it is chosen. */
function FilePicker({
  input,
  t,
  relay,
  onChange,
  onUploads,
  common,
}: FieldProps & { common: Record<string, unknown> }) {
  const [uploads, setUploads] = useState<Upload[]>([])
  const publish = (list: Upload[]) => {
    setUploads(list)
    onChange(list.flatMap((u) => (u.file ? [u.file] : [])))
  }
  const pick = async (files: FileList | null) => {
    const chosen = [...(files ?? [])]
    let list = input.type === 'file' ? [] : uploads
    for (const file of chosen.slice(0, input.type === 'file' ? 1 : undefined)) {
      const entry: Upload = { name: file.name, file: null, failed: false }
      list = [...list, entry]
      publish(list)
      onUploads(1)
      try {
        const body = new FormData()
        body.append('file', file)
        const done = (await relay.request(ROUTES.files, { method: 'POST', body })) as UploadedFile
        entry.file = { type: done.type, transferMethod: 'local_file', uploadFileId: done.id }
      } catch {
        entry.failed = true
      } finally {
        onUploads(-1)
      }
      list = [...list]
      publish(list)
    }
  }
  return (
    <>
      <input
        {...common}
        type="file"
        multiple={input.type === 'file-list'}
        onChange={(e) => {
          void pick(e.currentTarget.files)
          e.currentTarget.value = ''
        }}
      />
      {uploads.length > 0 && (
        <ul class="files" aria-live="polite">
          {uploads.map((u, i) => (
            <li key={`${u.name}-${i}`} class={u.failed ? 'err' : undefined}>
              <span>
                {u.failed
                  ? t.uploadFailed.replace('{}', u.name)
                  : u.file
                    ? u.name
                    : t.uploading.replace('{}', u.name)}
              </span>
              <button
                type="button"
                class="btn"
                aria-label={t.remove.replace('{}', u.name)}
                onClick={() => publish(uploads.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
