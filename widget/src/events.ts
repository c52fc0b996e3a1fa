/**
 * Widget events, DOM CustomEvents (`parley:<event>`) dispatched on the widget's host element and
 * bubbling to window; `Parley.on` is a thin listener over them, so both ways to listen see the same
 * events. With several widgets on a page the event's target tells them apart, and each widget's
 * `on` hears its own.
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

export type Emit = <K extends ParleyEventName>(event: K, detail: ParleyEvents[K]) => void

/** Listens to the events whose target is `from()` at the time they fire (the widget's host). */
export function on<K extends ParleyEventName>(
  event: K,
  fn: (detail: ParleyEvents[K]) => void,
  from: () => EventTarget | null | undefined,
): () => void {
  const listener = (e: Event) => {
    if (e.target === from()) fn((e as CustomEvent<ParleyEvents[K]>).detail)
  }
  addEventListener(`parley:${event}`, listener)
  return () => removeEventListener(`parley:${event}`, listener)
}

/** The events of the widget whose host element is `target`. */
export const emitter =
  (target: EventTarget): Emit =>
  (event, detail) => {
    // A throwing listener is reported by the browser and does not stop the widget.
    target.dispatchEvent(new CustomEvent(`parley:${event}`, { detail, bubbles: true }))
  }
