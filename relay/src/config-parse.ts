/** Parsers for the value formats of the relay's environment variables; each throws a one-line `ConfigError`. */
import type { LogLevel, Rate } from './types.ts'

/** A bad configuration value. `message` is one line naming the variable, fit to print as is. */
export class ConfigError extends Error {
  override name = 'ConfigError'
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable} ${message}`)
  }
}

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
}
const RATE_UNITS: Record<string, number> = { s: 1000, min: 60_000, h: 3_600_000, day: 86_400_000 }

/** `<n>ms|s|m|h`, a bare number being milliseconds. */
export function parseDuration(name: string, value: string, { min = 0 } = {}): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(value)
  if (!match) {
    throw new ConfigError(
      name,
      `must be a duration like 500ms, 30s, 5m, 24h or 30d, got "${value}"`,
    )
  }
  const ms = Math.round(Number(match[1]) * (DURATION_UNITS[match[2] ?? 'ms'] ?? 1))
  if (ms < min) throw new ConfigError(name, `must be at least ${min} ms, got "${value}"`)
  return ms
}

/** `<n>/<s|min|h|day>`: a burst of n, refilled at n per unit. */
export function parseRate(name: string, value: string): Rate {
  const match = /^(\d+)\s*\/\s*(s|min|h|day)$/.exec(value)
  const limit = Number(match?.[1])
  const windowMs = RATE_UNITS[match?.[2] ?? '']
  if (!match || windowMs === undefined || !Number.isSafeInteger(limit) || limit < 1) {
    throw new ConfigError(
      name,
      `must be a rate like 20/min (units: s, min, h, day; n ≥ 1), got "${value}"`,
    )
  }
  return { limit, windowMs }
}

export function parseInteger(name: string, value: string, min: number, max: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${value}"`)
  }
  return n
}

export function parseBoolean(name: string, value: string): boolean {
  const v = value.toLowerCase()
  if (['true', '1', 'yes', 'on'].includes(v)) return true
  if (['false', '0', 'no', 'off'].includes(v)) return false
  throw new ConfigError(name, `must be true or false, got "${value}"`)
}

export function parseLogLevel(name: string, value: string): LogLevel {
  const v = value.toLowerCase()
  if (v === 'debug' || v === 'info' || v === 'warn' || v === 'error') return v
  throw new ConfigError(name, `must be one of debug, info, warn, error, got "${value}"`)
}

/** An http(s) base URL without trailing slash, query or fragment. */
export function parseBaseUrl(name: string, value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigError(
      name,
      `must be an http(s) URL like https://api.dify.ai/v1, got "${value}"`,
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `must be an http(s) URL, got "${value}"`)
  }
  if (url.search || url.hash) {
    throw new ConfigError(name, `must not have a query or fragment, got "${value}"`)
  }
  return url.href.replace(/\/+$/, '')
}

const ORIGIN_PATTERN = /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:(\d{1,5}|\*))?$/

/** A comma list of `*`, exact origins, `https://*.example.com` and `http://host:*` patterns. */
export function parseOrigins(name: string, value: string): string[] {
  const origins = value
    .split(',')
    .map((o) => o.trim().toLowerCase().replace(/\/+$/, ''))
    .filter(Boolean)
  if (origins.length === 0) throw new ConfigError(name, 'must list at least one origin')
  for (const origin of origins) {
    if (origin !== '*' && !ORIGIN_PATTERN.test(origin)) {
      throw new ConfigError(
        name,
        `has "${origin}", which is not an origin (scheme://host[:port], "*", https://*.example.com or http://localhost:*)`,
      )
    }
  }
  return origins
}

/** Shortest secret the relay takes for signing (SESSION_SECRET, IDENTITY_SECRET). */
export const MIN_SECRET_CHARS = 32

/** A signing secret: at least MIN_SECRET_CHARS characters. */
export function parseSecret(name: string, value: string): string {
  if (value.length < MIN_SECRET_CHARS) {
    throw new ConfigError(
      name,
      `must be at least ${MIN_SECRET_CHARS} characters (it has ${value.length}); e.g. openssl rand -hex 32`,
    )
  }
  return value
}

/** Dify's variable names: a letter or `_`, then letters, digits and `_`. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/

/** A comma list of a workflow's output variable names (WORKFLOW_OUTPUTS); empty lists none. */
export function parseVariableNames(name: string, value: string): string[] {
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)
  for (const variable of names) {
    if (!VARIABLE_NAME.test(variable)) {
      throw new ConfigError(
        name,
        `has "${variable}", which is not a variable name (a letter or _, then letters, digits and _), e.g. result,summary`,
      )
    }
  }
  return [...new Set(names)]
}

/** DEMO_APP: `chat`, `completion` or `workflow`. */
export function parseDemoApp(name: string, value: string): 'chat' | 'completion' | 'workflow' {
  const v = value.toLowerCase()
  if (v === 'chat' || v === 'completion' || v === 'workflow') return v
  throw new ConfigError(name, `must be one of chat, completion, workflow, got "${value}"`)
}
