/**
 * One answer's Dify frames → its widget events, with the key redacted, and steps (`status`) only
 * when the app shows them. Exactly one terminal event (`end` or `error`) comes out, whatever the
 * upstream does. After it, the frames are still read (and dropped) until the body ends or goes
 * quiet, so Dify completes and saves the answer. An answer whose text passes `maxChars` ends there
 * with an error, and nothing more is read. The ids Dify does not scope by user (the task id, a
 * form's token) go out only as the visitor's own tokens (`ids`).
 */
import type { HumanInputForm, WidgetEvent } from '@parley/shared'
import { DifyError, tooLargeError } from './errors.ts'
import type { AnswerFlow, FrameContext } from './events.ts'
import { CHAT_FLOW, initialAnswerState, mapDifyFrame } from './events.ts'
import type { DifyFrame, FrameSink, FrameSource } from './frames.ts'
import type { FormDraft } from './human-input.ts'
import { UPSTREAM_LIMITS } from './limits.ts'
import { OrderedSink } from './ordered-sink.ts'
import type { Reading, Source } from './push.ts'
import type { Redactor } from './redact.ts'
import { answerRedaction } from './redact-events.ts'

export interface AnswerContext extends FrameContext {
  redact: Redactor
  /** Hears each failure the relay should log (limits passed, misconfiguration). */
  logFault(err: unknown): void
  /** Hears what Dify sent that was not shown, and why (a form this chat cannot show). */
  warn?(message: string): void
}

/**
 * Each event, then `end` once the frames are over (drained, or no longer read), or `fail` with a
 * fault of the relay's own (a bug: the answer has no terminal event yet, and nothing more is read).
 */
export interface EventSink {
  event(event: WidgetEvent): void
  end(): void
  fail(err: unknown): void
}

export type EventSource = Source<EventSink>

/** The visitor's tokens for the ids Dify does not scope by user (visitor-ids.ts). */
export interface AnswerIds {
  /** The task id as the stop token the `start` event carries. */
  task(taskId: string): Promise<string>
  /** The form with its handle sealed as its token. */
  form(draft: FormDraft): Promise<HumanInputForm>
}

export interface AnswerOptions {
  ids: AnswerIds
  /**
   * Whether `status` events (node titles, tool names) go out, asked at each one (steps.ts); off
   * when not given.
   */
  steps?: () => boolean
  /** Characters the answer's text may have. */
  maxChars?: number
  /**
   * The rest of a paused answer (a form answered): no `start`, the widget has it from the
   * answer's beginning, and its task token stops this part too (Dify keeps the task id).
   */
  resumed?: boolean
  /** The kind of run (events.ts); a chat answer when not given. */
  flow?: AnswerFlow
}

const NO_STEPS = () => false

export function answerEvents(
  frames: FrameSource,
  ctx: AnswerContext,
  {
    ids,
    steps = NO_STEPS,
    maxChars = UPSTREAM_LIMITS.answerChars,
    resumed = false,
    flow = CHAT_FLOW,
  }: AnswerOptions,
): EventSource {
  const options = { ids, steps, maxChars, resumed, flow }
  return { start: (sink) => new AnswerMapper(frames, ctx, options, sink) }
}

const INTERRUPTED: WidgetEvent = {
  type: 'error',
  code: 'upstream_error',
  message: 'The answer was interrupted. Please try again.',
  retryable: true,
}

const errorEvent = (err: DifyError): WidgetEvent => ({
  type: 'error',
  code: err.code,
  message: err.message,
  retryable: err.retryable,
})

/** One answer's mapping. A class: it lives as long as the answer, and its methods are shared. */
class AnswerMapper implements FrameSink, Reading {
  readonly #ctx: AnswerContext
  readonly #maxChars: number
  readonly #steps: () => boolean
  readonly #ids: AnswerIds
  readonly #resumed: boolean
  readonly #flow: AnswerFlow
  readonly #sink: OrderedSink
  readonly #filter: (event: WidgetEvent) => WidgetEvent[]
  readonly #frames: Reading
  #state = initialAnswerState()
  #chars = 0
  /** The terminal event went out: later frames are read, so Dify finishes, and dropped. */
  #ended = false
  /** The sink has heard its last. */
  #over = false

  constructor(
    frames: FrameSource,
    ctx: AnswerContext,
    options: Required<AnswerOptions>,
    sink: EventSink,
  ) {
    this.#ctx = ctx
    this.#maxChars = options.maxChars
    this.#steps = options.steps
    this.#ids = options.ids
    this.#resumed = options.resumed
    this.#flow = options.flow
    this.#sink = new OrderedSink(sink, (err) => {
      // A token that could not be made (WebCrypto failed): a fault of the relay's own.
      this.#frames.stop()
      this.#ctx.logFault(err)
      this.#over = true
      sink.fail(err)
    })
    this.#filter = answerRedaction(ctx.redact)
    this.#frames = frames.start(this)
  }

  frame(frame: DifyFrame): void {
    if (this.#over || this.#ended) return
    try {
      if (this.#map(frame)) return
      // The text passed its limit: nothing more is read.
      this.#frames.stop()
      this.#over = true
      this.#sink.end()
    } catch (err) {
      this.#frames.stop()
      this.fail(err)
    }
  }

  end(): void {
    if (this.#over) return
    try {
      if (!this.#ended) this.#out(INTERRUPTED)
    } catch (err) {
      this.fail(err)
      return
    }
    this.#over = true
    this.#sink.end()
  }

  /** A `DifyError` (a timeout, a bound passed) ends the answer with its error event. */
  fail(err: unknown): void {
    if (this.#over) return
    this.#ctx.logFault(err)
    let fault = err
    if (!this.#ended && err instanceof DifyError) {
      try {
        this.#out(errorEvent(err))
      } catch (thrown) {
        fault = thrown
      }
    }
    this.#over = true
    if (this.#ended) this.#sink.end()
    else this.#sink.fail(fault)
  }

  stop(): void {
    if (this.#over) return
    this.#over = true
    this.#sink.stop()
    this.#frames.stop()
  }

  /** Maps one frame; false when the answer's text passed its limit (its error went out). */
  #map(frame: DifyFrame): boolean {
    const { state, events, form, warning } = mapDifyFrame(frame, this.#state, this.#ctx, this.#flow)
    this.#state = state
    if (warning) this.#ctx.warn?.(warning)
    for (const event of events) {
      if (event.type === 'status' && !this.#steps()) continue
      if (event.type === 'delta') this.#chars += event.text.length
      else if (event.type === 'replace') this.#chars = event.text.length
      if (this.#chars > this.#maxChars) {
        const err = tooLargeError(`the answer's text passed ${this.#maxChars} characters`)
        this.#ctx.logFault(err)
        this.#out(errorEvent(err))
        return false
      }
      this.#out(event)
    }
    if (form) this.#outForm(form)
    return true
  }

  #out(event: WidgetEvent): void {
    for (const shown of this.#filter(event)) {
      if (shown.type !== 'start') this.#sink.event(shown)
      else if (this.#resumed) continue
      // An error before the run started carries no task: nothing to stop, nothing to sign.
      else if (shown.taskId === '') this.#sink.event(shown)
      else this.#sink.later(this.#ids.task(shown.taskId).then((taskId) => ({ ...shown, taskId })))
    }
    if (event.type === 'end' || event.type === 'error') this.#ended = true
  }

  /** The form's texts are redacted like any event's; its token is the sealed handle. */
  #outForm({ form, handle }: FormDraft): void {
    for (const shown of this.#filter({ type: 'form', form: { ...form, token: '' } })) {
      if (shown.type !== 'form') {
        this.#sink.event(shown)
        continue
      }
      const { token: _, ...redacted } = shown.form
      this.#sink.later(
        this.#ids
          .form({ form: redacted, handle })
          .then((sealed) => ({ type: 'form', form: sealed })),
      )
    }
  }
}
