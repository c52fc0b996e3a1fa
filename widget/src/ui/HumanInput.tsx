import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import type { FormChunk } from '../chunks/form.ts'
import type { ChatMessage } from '../stores/message.ts'
import { useWidget } from './widget-context.ts'

/**
 * The human-input form an answer waits on, from the lazy form chunk. Once answered, the form goes
 * and focus moves to the composer, where the visitor reads the answer going on.
 */
export function HumanInput({
  message: m,
  markdown,
}: {
  message: ChatMessage
  markdown(text: string): ComponentChildren
}) {
  const { view, chat } = useWidget()
  const [chunk, setChunk] = useState<FormChunk | null | false>(null)
  const self = useRef<HTMLDivElement>(null)
  useEffect(() => {
    view.form?.().then(setChunk, () => {
      console.warn('[parley] the form failed to load')
      setChunk(false)
    })
  }, [])
  if (!m.form) return null
  if (chunk === false) return <p class="err">{view.t.error}</p>
  const Form = chunk?.HumanForm
  return (
    <div ref={self} class="hfw">
      {Form && (
        <Form
          form={m.form}
          lang={view.lang}
          markdown={markdown}
          submit={async (action, inputs) => {
            const root = self.current?.getRootNode() as ParentNode | undefined
            await chat.answerForm(m.id, action, inputs)
            root?.querySelector<HTMLElement>('[data-parley=input]')?.focus()
          }}
        />
      )}
    </div>
  )
}
