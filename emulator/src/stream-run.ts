/** A run played into a `text/event-stream` response as it goes, as Dify streams a chat or a generator. */
import type { EmulatorContext } from './context.ts'
import type { ChunkingOptions } from './delivery.ts'
import { createDelivery } from './delivery.ts'
import type { Run } from './runner.ts'
import { play } from './runner.ts'
import type { Action } from './scenario.ts'
import type { TaskRecord } from './state.ts'

/** The run goes on when the reader leaves (it never waits for it); `task.finished` follows it. */
export function streamRun(
  ctx: EmulatorContext,
  run: Run,
  task: TaskRecord,
  actions: Action[],
  bytes?: ChunkingOptions,
): Response {
  const delivery = createDelivery(bytes)
  task.finished = play(run, actions, delivery).then(() => undefined)
  ctx.track(task.finished, delivery)
  return new Response(delivery.body, {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8' },
  })
}
