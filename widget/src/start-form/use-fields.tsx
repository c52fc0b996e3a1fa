/**
 * The fields of a form for an app's inputs (the start form, the generator's form): what they hold,
 * their problems shown as the visitor goes, and a submit that either hands over the values or says
 * how many fields need attention and focuses the first.
 */
import type { AppInput } from '@parley/shared'
import type { VNode } from 'preact'
import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import type { RelayClient } from '../api/relay-client.ts'
import { useSheet } from '../chunks/use-sheet.ts'
import { Field, fieldId } from './Field.tsx'
import { check, collect, type Problem } from './rules.ts'
import type { FormStrings } from './strings.ts'
import { FORM_CSS } from './styles.ts'

export interface FieldsOptions {
  inputs: AppInput[]
  /** What the fields hold at first. */
  initial: Record<string, unknown> | null
  t: FormStrings
  relay: Pick<RelayClient, 'request'>
  /** Told the valid values as the visitor types. */
  onValues?(values: Record<string, unknown>): void
}

export interface Fields {
  /** The form element's ref (its sheet and focus). */
  self: { current: HTMLFormElement | null }
  fields: VNode[]
  /** The live summary of a refused submit ("Check the highlighted fields (2)"). */
  summary: string
  /** Files are uploading: a submit waits. */
  uploading: boolean
  /** The values when every field is fine; else null, with the problems shown. */
  submit(): Record<string, unknown> | null
}

export function useFields({ inputs, initial, t, relay, onValues }: FieldsOptions): Fields {
  const [raw, setRaw] = useState<Record<string, unknown>>(() => ({ ...initial }))
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
    onValues?.(values)
  }
  const blur = (input: AppInput) => {
    const result = check(input, raw[input.variable])
    // Leaving an untouched required field empty is not an error yet: the submit says so.
    if (!result.ok && !(result.problem.kind === 'required' && !(input.variable in raw))) {
      setProblems((p) => ({ ...p, [input.variable]: result.problem }))
    }
  }
  const submit = () => {
    if (uploading) return null
    const { values, problems: found } = collect(inputs, raw)
    setProblems(found)
    const count = Object.keys(found).length
    setSummary(count ? t.check.replace('{}', String(count)) : '')
    if (!count) return values
    setRefused((n) => n + 1)
    return null
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
  return { self, fields, summary, uploading: uploading > 0, submit }
}
