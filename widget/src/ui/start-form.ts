/**
 * Whether the start form is asked for, and its lazily loaded component: before a conversation's
 * first message, for the inputs the app declares and data-inputs does not supply.
 */
import { useStore } from '@nanostores/preact'
import type { AppInput } from '@parley/shared'
import type { ComponentType } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { StartFormProps } from '../start-form/StartForm.tsx'
import { useWidget } from './widget-context.ts'

export interface StartFormState {
  /** Null until the chunk is here (or when it failed: the relay then says what is missing). */
  Form: ComponentType<StartFormProps> | null
  inputs: AppInput[]
  /** A required input: the form stands in for the composer. */
  blocking: boolean
}

export function useStartForm(): StartFormState | null {
  const { view, appInfo, chat, session } = useWidget()
  const { info } = useStore(appInfo.$appInfo)
  const filled = useStore(chat.$inputs)
  const { conversationId } = useStore(session.$session)
  const [Form, setForm] = useState<ComponentType<StartFormProps> | null | false>(null)
  const given = view.config.inputs ?? {}
  const inputs = info?.inputs?.filter((input) => !(input.variable in given)) ?? []
  const blocking = inputs.some((input) => input.required)
  const asked = inputs.length > 0 && !conversationId && !(blocking && filled)
  useEffect(() => {
    if (asked && Form === null) {
      view.form?.().then(
        ({ StartForm }) => setForm(() => StartForm),
        () => {
          console.warn('[parley] the start form failed to load')
          setForm(false)
        },
      )
    }
  }, [asked])
  return asked && Form !== false && view.form ? { Form: Form || null, inputs, blocking } : null
}
