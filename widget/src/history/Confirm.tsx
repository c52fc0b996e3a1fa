import { useLayoutEffect, useRef } from 'preact/hooks'

interface ConfirmProps {
  /** The question's element id: it names the group, so focusing Cancel reads the question. */
  id: string
  question: string
  action: string
  cancel: string
  onConfirm(): void
  onCancel(): void
}

/**
 * An inline "are you sure?" in place of the control that asked. Focus starts on Cancel, the choice
 * that loses nothing; Escape cancels too.
 */
export function Confirm({ id, question, action, cancel, onConfirm, onCancel }: ConfirmProps) {
  const safe = useRef<HTMLButtonElement>(null)
  useLayoutEffect(() => safe.current?.focus(), [])
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return
    e.preventDefault()
    e.stopPropagation()
    onCancel()
  }
  return (
    <fieldset class="confirm" aria-labelledby={id} onKeyDown={onKeyDown}>
      <p id={id}>{question}</p>
      <button type="button" class="btn danger" data-parley="confirm" onClick={onConfirm}>
        {action}
      </button>
      <button type="button" class="btn" ref={safe} onClick={onCancel}>
        {cancel}
      </button>
    </fieldset>
  )
}
