/**
 * Widget events, dispatched as DOM CustomEvents on window (`parley:<event>`); `Parley.on` is a
 * thin listener over them, so both ways to listen see the same events.
 *
 * @example
 * window.addEventListener('parley:message', (e) => console.log(e.detail.text))
 * const off = Parley.on('message', ({ role, text }) => console.log(role, text))
 */
export interface ParleyEvents {
  open: Record<string, never>
  close: Record<string, never>
  message: {
    role: 'user' | 'assistant'
    text: string
    messageId?: string
    conversationId?: string
    /** A generator's result (completion and workflow apps): the inputs it was generated from. */
    inputs?: Record<string, unknown>
    /** A workflow's result: the outputs the relay lets through (WORKFLOW_OUTPUTS). */
    outputs?: Record<string, unknown>
  }
  /** `code`: a relay error code, or `offline` when the relay could not be reached. */
  error: { code: string; message: string }
  /** The relay refused the user token (bad or expired): hand the widget a new one with `Parley.identify`. */
  'identity-expired': Record<string, never>
}

export type ParleyEventName = keyof ParleyEvents

export function on<K extends ParleyEventName>(
  event: K,
  fn: (detail: ParleyEvents[K]) => void,
): () => void {
  const listener = (e: Event) => fn((e as CustomEvent<ParleyEvents[K]>).detail)
  addEventListener(`parley:${event}`, listener)
  return () => removeEventListener(`parley:${event}`, listener)
}

export function emit<K extends ParleyEventName>(event: K, detail: ParleyEvents[K]): void {
  // A throwing listener is reported by the browser and does not stop the widget.
  dispatchEvent(new CustomEvent(`parley:${event}`, { detail }))
}
