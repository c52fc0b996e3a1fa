/**
 * A chatflow run's event channel (Dify's Redis pub/sub topic `channel:{mode}:{run_id}`,
 * dify-api.md Part 2 §C): what a resumed run publishes reaches the `GET /workflow/:id/events`
 * streams open at that moment and no one else, since Dify replays nothing. Each subscriber gets a
 * ping at once and every 10 s, and is closed after a terminal event (`workflow_finished`,
 * `workflow_paused`) or after 300 s without an event (pings do not count).
 */
import type { EmulatorContext } from './context.ts'
import { createDelivery, type Delivery } from './delivery.ts'
import { PING_FRAME } from './frames.ts'
import type { RunOutput } from './runner.ts'

export interface Topic {
  /** A new subscriber's stream: a ping first, then what is published from now on. */
  subscribe(): Delivery
  /** What a resumed run plays into (runner.ts): published to every subscriber. */
  readonly out: RunOutput
}

/** `MessageGenerator.retrieve_events` defaults. */
const PING_MS = 10_000
const IDLE_MS = 300_000

/** The frames after which Dify's API side ends the subscriber's stream. */
const TERMINAL = /^data: \{"event":"workflow_(finished|paused)"/

interface Subscriber {
  delivery: Delivery
  lastEventAt: number
  closed: boolean
  /** Wakes its ping loop: closed, or its reader went away. */
  wakers: Set<() => void>
}

function createTopic(ctx: EmulatorContext): Topic {
  const subscribers = new Set<Subscriber>()
  const close = (sub: Subscriber) => {
    sub.closed = true
    subscribers.delete(sub)
    sub.delivery.close()
    for (const wake of [...sub.wakers]) wake()
  }

  async function keepAlive(sub: Subscriber): Promise<void> {
    let pingedAt = Date.now()
    while (!sub.closed && sub.delivery.attached && !ctx.disposed) {
      const idleLeft = sub.lastEventAt + IDLE_MS - Date.now()
      if (idleLeft <= 0) break
      await ctx.sleep(Math.min(pingedAt + PING_MS - Date.now(), idleLeft), sub.wakers)
      if (!sub.closed && Date.now() - pingedAt >= PING_MS) {
        sub.delivery.write(PING_FRAME)
        pingedAt = Date.now()
      }
    }
    if (!sub.closed) close(sub)
  }

  return {
    subscribe() {
      const sub: Subscriber = {
        delivery: createDelivery({}, () => {
          sub.closed = true
          subscribers.delete(sub)
          for (const wake of [...sub.wakers]) wake()
        }),
        lastEventAt: Date.now(),
        closed: false,
        wakers: new Set(),
      }
      subscribers.add(sub)
      sub.delivery.write(PING_FRAME)
      ctx.track(keepAlive(sub), sub.delivery)
      return sub.delivery
    },
    out: {
      attached: true,
      write(text) {
        for (const sub of [...subscribers]) {
          sub.delivery.write(text)
          sub.lastEventAt = Date.now()
          if (TERMINAL.test(text)) close(sub)
        }
      },
      // A resumed run has no connection of its own to hang, break or close.
      hang() {},
      destroy() {},
      close() {},
    },
  }
}

/** The run's topic, made when first asked for. */
export function topicOf(ctx: EmulatorContext, runId: string): Topic {
  let topic = ctx.topics.get(runId)
  if (!topic) {
    topic = createTopic(ctx)
    ctx.topics.set(runId, topic)
  }
  return topic
}
