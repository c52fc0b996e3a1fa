/**
 * Log lines for a person at a terminal: `12:04:05 INFO  message  key=value …` instead of one JSON
 * object per line. The Node entry uses it when stdout is a TTY; pipes and files keep JSON, for
 * machines. The line is the logger's own JSON, so nothing is logged that JSON would not show.
 */
import type { LogSink } from './logger.ts'

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return /[\s"=]/.test(text) ? JSON.stringify(text) : text
}

export function humanLine(json: string): string {
  let record: Record<string, unknown>
  try {
    record = JSON.parse(json) as Record<string, unknown>
  } catch {
    return json
  }
  const { time, level, msg, ...fields } = record
  const clock = typeof time === 'string' ? time.slice(11, 19) : ''
  const request =
    msg === 'request' ? `${fields.method} ${fields.path} ${fields.status} ${fields.ms}ms` : null
  if (request) {
    delete fields.method
    delete fields.path
    delete fields.status
    delete fields.ms
  }
  const rest = Object.entries(fields)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${key}=${shown(value)}`)
  return [clock, String(level).toUpperCase().padEnd(5), request ?? String(msg), ...rest]
    .filter((part) => part !== '')
    .join('  ')
}

export const humanSink =
  (sink: LogSink): LogSink =>
  (line, level) =>
    sink(humanLine(line), level)
