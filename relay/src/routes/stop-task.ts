/** The stop routes' one rule: only the visitor's own signed task token reaches Dify's stop. */
import type { Context } from 'hono'
import type { AppEnv } from '../types.ts'
import { RequestError } from '../validation/request-error.ts'
import { requestIds } from '../visitor-ids.ts'

/**
 * The task id Dify's stop takes, from the visitor's own token: Dify stops a chatflow or workflow
 * run for anyone who names its task (dify-api.md Part 2 §B.2, §M), so another visitor's token never
 * gets there. Dify answers success whatever happened.
 */
export async function stopTask(
  c: Context<AppEnv>,
  stop: (taskId: string, user: string) => Promise<void>,
): Promise<Response> {
  const taskId = await requestIds(c).taskId(c.req.param('taskId') ?? '')
  if (taskId === null) throw new RequestError('not_found', 'No answer of yours to stop.')
  await stop(taskId, c.get('visitor'))
  return c.json({ ok: true as const })
}
