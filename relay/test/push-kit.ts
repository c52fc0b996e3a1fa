/** Test helpers for the pushed answer layers: a source's items collected, and scripted sources. */
import type { WidgetEvent } from '@parley/shared'
import type { EventSink, EventSource } from '../src/dify/answer-events.ts'
import type { DifyFrame, FrameSink, FrameSource } from '../src/dify/frames.ts'

/** A source's frames, in order: resolves at its end, rejects with its failure. */
export function framesOf(source: FrameSource): Promise<DifyFrame[]> {
  return new Promise((resolve, reject) => {
    const frames: DifyFrame[] = []
    source.start({ frame: (f) => frames.push(f), end: () => resolve(frames), fail: reject })
  })
}

/** A source's events, in order: resolves at its end, rejects with its failure (a relay fault). */
export function eventsOf(source: EventSource): Promise<WidgetEvent[]> {
  return new Promise((resolve, reject) => {
    const events: WidgetEvent[] = []
    source.start({ event: (e) => events.push(e), end: () => resolve(events), fail: reject })
  })
}

export interface Scripted<S> {
  source: S
  /** Whether the reading was stopped before the script ran out. */
  readonly stopped: boolean
  /** The steps handed on so far. */
  readonly sent: number
}

/**
 * Hands on each step after `gapMs` (an Error fails the source), then ends. Stopped, it hands
 * on nothing more.
 */
function scripted<T>(
  steps: (T | Error)[],
  gapMs: number,
  sink: (item: T) => void,
  end: () => void,
  fail: (err: unknown) => void,
) {
  const state = { stopped: false, sent: 0 }
  let timer: ReturnType<typeof setTimeout> | undefined
  const next = () => {
    if (state.stopped) return
    const step = steps[state.sent]
    if (step === undefined) return end()
    state.sent++
    if (step instanceof Error) return fail(step)
    sink(step)
    timer = setTimeout(next, gapMs)
  }
  timer = setTimeout(next, gapMs)
  return {
    state,
    reading: {
      stop() {
        state.stopped = true
        clearTimeout(timer)
      },
    },
  }
}

/** The sinks of every scripted layer: an item callback, then the end or a failure. */
interface EndingSink {
  end(): void
  fail(err: unknown): void
}

/** A source of `steps`, each handed to `deliver` after `gapMs`. */
function scriptedSource<T, K extends EndingSink>(
  steps: (T | Error)[],
  gapMs: number,
  deliver: (sink: K, item: T) => void,
): Scripted<{ start(sink: K): { stop(): void } }> {
  let state = { stopped: false, sent: 0 }
  return {
    source: {
      start(sink) {
        const run = scripted(
          steps,
          gapMs,
          (item) => deliver(sink, item),
          () => sink.end(),
          (err) => sink.fail(err),
        )
        state = run.state
        return run.reading
      },
    },
    get stopped() {
      return state.stopped
    },
    get sent() {
      return state.sent
    },
  }
}

/** Widget events as a source, each after `gapMs`. */
export const scriptedEvents = (steps: (WidgetEvent | Error)[], gapMs = 1): Scripted<EventSource> =>
  scriptedSource(steps, gapMs, (sink: EventSink, e: WidgetEvent) => sink.event(e))

/** Dify frames as a source, each after `gapMs`. */
export const scriptedFrames = (steps: (DifyFrame | Error)[], gapMs = 1): Scripted<FrameSource> =>
  scriptedSource(steps, gapMs, (sink: FrameSink, f: DifyFrame) => sink.frame(f))
