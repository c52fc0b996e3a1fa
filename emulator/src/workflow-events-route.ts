/**
 * `GET /workflow/:task_id/events` (dify-api.md Part 2 §C): re-attaching to a chatflow run, its path
 * id the run's. A finished run answers with its one `workflow_finished` frame (Python `json.dumps`
 * spacing, no chat envelope); a live or paused one subscribes to its topic (topic.ts), with no
 * replay. The state snapshot (`include_state_snapshot=true`) is not emulated: it streams the same.
 * Runs are looked up by their own mode, since an emulated chat app can run chatflow answers.
 */
import { Hono } from 'hono'
import type { EmulatorContext } from './context.ts'
import { pythonJson } from './frames.ts'
import { DifyError, notFound, userFrom } from './http.ts'
import { topicOf } from './topic.ts'

const HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
}

export function workflowEventsRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono()

  app.get('/workflow/:task_id/events', (c) => {
    const user = userFrom(c.req.query('user'), true)
    const run = ctx.state.runs.get(c.req.param('task_id'))
    if (!run || run.user !== user) throw notFound('Workflow run not found')
    if (run.mode !== 'advanced-chat') {
      throw new DifyError(
        400,
        'not_workflow_app',
        'Please check if your Workflow app mode matches the right API route.',
      )
    }
    if (run.finished) {
      const payload = { event: 'workflow_finished', task_id: run.id, ...run.finished }
      return new Response(`data: ${pythonJson(payload)}\n\n`, { headers: HEADERS })
    }
    return new Response(topicOf(ctx, run.id).subscribe().body, { headers: HEADERS })
  })

  return app
}
