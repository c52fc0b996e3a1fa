/** Structured logging: one JSON object per line, filtered by LOG_LEVEL. Runtime-neutral (console only). */
import type { LogLevel } from './types.ts'

/** Receives each formatted line; the default writes warnings and errors to stderr, the rest to stdout. */
export type LogSink = (line: string, level: LogLevel) => void

export type LogFields = Record<string, string | number | boolean | null | undefined>

export interface Logger {
  enabled(level: LogLevel): boolean
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 }

export const consoleSink: LogSink = (line, level) => {
  if (RANK[level] >= RANK.warn) console.error(line)
  else console.log(line)
}

export function createLogger({
  level = 'info',
  sink = consoleSink,
  now = Date.now,
}: {
  level?: LogLevel
  sink?: LogSink
  now?: () => number
} = {}): Logger {
  const enabled = (at: LogLevel) => RANK[at] >= RANK[level]
  const write = (at: LogLevel) => (msg: string, fields?: LogFields) => {
    if (!enabled(at)) return
    sink(JSON.stringify({ time: new Date(now()).toISOString(), level: at, msg, ...fields }), at)
  }
  return {
    enabled,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  }
}

/**
 * A short, stable pseudonym for a visitor id (FNV-1a, 32 bits), so request lines can be correlated
 * without logging the id that keys the visitor's Dify conversations.
 */
export function shortHash(value: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, '0')
}
