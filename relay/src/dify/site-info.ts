/** `GET /site`, else `GET /info`: the app's title and description, its look and its steps setting. */
import { DifyError } from './errors.ts'
import { type LookContext, NO_LOOK, siteLook } from './site-look.ts'
import type { DifySiteInfo } from './types.ts'

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

/** Redacted again once parsed: the body's text was, but not a key spelled with JSON escapes. */
function text(value: unknown, redact: (text: string) => string): string | null {
  return typeof value === 'string' && value !== '' ? redact(value) : null
}

/** Dify down or slow for a moment: not an answer about the site, so the read fails (a cached copy stays). */
const TRANSIENT = new Set(['upstream_unavailable', 'upstream_timeout'])

/**
 * `get` reads one of Dify's endpoints (`site`, `info`). A site Dify refuses (403: none, or an
 * archived workspace) means no look and steps off; a site without a title takes the app's name.
 */
export async function readSiteInfo(
  get: (path: 'site' | 'info') => Promise<unknown>,
  ctx: LookContext,
): Promise<DifySiteInfo> {
  let site: Record<string, unknown> | null = null
  try {
    site = record(await get('site'))
  } catch (err) {
    if (!(err instanceof DifyError) || TRANSIENT.has(err.code)) throw err
  }
  const look = site ? siteLook(site, ctx) : NO_LOOK
  const showWorkflowSteps = site?.show_workflow_steps === true
  const info = (from: Record<string, unknown>, title: unknown): DifySiteInfo => ({
    title: text(title, ctx.redact),
    description: text(from.description, ctx.redact),
    look,
    showWorkflowSteps,
  })
  if (site && typeof site.title === 'string' && site.title !== '') return info(site, site.title)
  const app = record(await get('info'))
  return info(app, app.name)
}
