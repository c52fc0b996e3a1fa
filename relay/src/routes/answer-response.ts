/** An answer's widget events as the route's `text/event-stream` response (chat, a form's resumed answer). */
import type { Context } from 'hono'
import type { EventSource } from '../dify/answer-events.ts'
import { meterAnswer } from '../metrics.ts'
import type { AppEnv } from '../types.ts'
import { answerStream } from './answer-stream.ts'
import { holdOpen } from './hold-open.ts'

export function answerResponse(c: Context<AppEnv>, events: EventSource): Response {
  c.header('Content-Type', 'text/event-stream; charset=utf-8')
  c.header('Cache-Control', 'no-cache, no-transform')
  c.header('X-Accel-Buffering', 'no')
  const pingIntervalMs = c.get('pingIntervalMs')
  const closing = c.get('closing')
  const onDrained = holdOpen(c)
  const meter = c.get('meter')
  // Under @hono/node-server (`c.env.outgoing`) the visitor going away reaches the answer from the
  // socket (node-answers.ts, or the cancel of its stream): asking for the request's signal there
  // would only add an AbortController to every open answer.
  const nodeServer = typeof (c.env as { outgoing?: unknown } | undefined)?.outgoing === 'object'
  return c.body(
    answerStream(events, {
      ...(!nodeServer && { signal: c.req.raw.signal }),
      onDrained,
      ...(pingIntervalMs && { pingIntervalMs }),
      ...(closing && { closing }),
      ...(meter && meterAnswer(meter, c.get('receivedAt') ?? performance.now())),
    }),
  )
}
