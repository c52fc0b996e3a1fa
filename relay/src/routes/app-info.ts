/** `GET /app`: what the widget shows before the first message (opening statement, inputs, features, look). */
import { Hono } from 'hono'
import { toAppInfo } from '../dify/app-info.ts'
import type { AppEnv } from '../types.ts'
import { routeErrors } from './route-errors.ts'

export const appInfoRoutes = new Hono<AppEnv>()

appInfoRoutes.onError(routeErrors)

appInfoRoutes.get('/app', async (c) => {
  const dify = c.get('dify')
  // Every read is cached in the client (shared with chat validation); a missing site or kind is
  // not an error.
  const [params, site, mode] = await Promise.all([
    dify.parameters(),
    dify.siteInfo().catch(() => null),
    dify.appMode().catch(() => null),
  ])
  return c.json(toAppInfo(params, site, c.get('app').config.showProcess, mode))
})
