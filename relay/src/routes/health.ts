/** `GET /healthz` for load balancers and uptime checks. */
import type { HealthResponse } from '@parley/shared'
import { Hono } from 'hono'
import type { Mode } from '../types.ts'

export function healthRoutes({ mode, version, apps }: Omit<HealthResponse, 'ok'> & { mode: Mode }) {
  const body: HealthResponse = { ok: true, mode, version, apps }
  // Public like /widget.js: the widget reads the mode from any host page's origin.
  return new Hono().get('/healthz', (c) =>
    c.json(body, 200, { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' }),
  )
}
