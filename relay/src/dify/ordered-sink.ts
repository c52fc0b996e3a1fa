/**
 * An answer's events in order when some need a moment first: a signed task id, a sealed form
 * (WebCrypto is asynchronous). Such an event holds back whatever comes after it, the end included;
 * with nothing held, events go straight through, in the same turn.
 */
import type { WidgetEvent } from '@parley/shared'
import type { EventSink } from './answer-events.ts'

type Slot = { ready: true; run: () => void } | { ready: false }

export class OrderedSink implements EventSink {
  readonly #sink: EventSink
  readonly #onFault: (err: unknown) => void
  readonly #queue: Slot[] = []
  #stopped = false

  /** `onFault` hears a held event that could not be made (or a sink that threw): nothing follows. */
  constructor(sink: EventSink, onFault: (err: unknown) => void) {
    this.#sink = sink
    this.#onFault = onFault
  }

  event(event: WidgetEvent): void {
    this.#push(() => this.#sink.event(event))
  }

  /** An event that is ready when `pending` is; everything after it waits. */
  later(pending: Promise<WidgetEvent>): void {
    if (this.#stopped) return
    const slot: Slot = { ready: false }
    this.#queue.push(slot)
    const settle = (run: () => void) => {
      Object.assign(slot, { ready: true, run })
      this.#drain()
    }
    pending.then(
      (event) => settle(() => this.#sink.event(event)),
      (err: unknown) =>
        settle(() => {
          throw err
        }),
    )
  }

  end(): void {
    this.#push(() => this.#sink.end())
  }

  fail(err: unknown): void {
    this.#push(() => this.#sink.fail(err))
  }

  /** Nothing more reaches the sink, held or not. */
  stop(): void {
    this.#stopped = true
    this.#queue.length = 0
  }

  #push(run: () => void): void {
    if (this.#stopped) return
    if (this.#queue.length === 0) {
      run()
      return
    }
    this.#queue.push({ ready: true, run })
  }

  #drain(): void {
    for (let slot = this.#queue[0]; slot?.ready && !this.#stopped; slot = this.#queue[0]) {
      this.#queue.shift()
      try {
        slot.run()
      } catch (err) {
        this.stop()
        this.#onFault(err)
      }
    }
  }
}
