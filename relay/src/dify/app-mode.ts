/** Dify's kind of app (`GET /info` `mode`, dify-api.md §2.14 / Part 2 §H) and which relay route serves it. */
import type { AppMode } from '@parley/shared'

export type { AppMode } from '@parley/shared'

const MODES: ReadonlySet<string> = new Set<AppMode>([
  'chat',
  'advanced-chat',
  'agent-chat',
  'completion',
  'workflow',
])

/** The `mode` of an `/info` body, or null when it names none the relay knows. */
export function readAppMode(info: unknown): AppMode | null {
  const mode = typeof info === 'object' && info !== null ? (info as { mode?: unknown }).mode : null
  return typeof mode === 'string' && MODES.has(mode) ? (mode as AppMode) : null
}

/** The relay's three ways of running an app. */
export type AppKind = 'chat' | 'completion' | 'workflow'

export function kindOf(mode: AppMode): AppKind {
  return mode === 'completion' || mode === 'workflow' ? mode : 'chat'
}
