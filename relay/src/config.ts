/** The relay's configuration: environment variables (design.md "Relay › Configuration") → typed `Config`. */

import { parseApps, type ReadConfigFile } from './config-apps.ts'
import {
  ConfigError,
  parseBaseUrl,
  parseBoolean,
  parseDemoApp,
  parseDuration,
  parseInteger,
  parseLogLevel,
  parseOrigins,
  parseRate,
  parseSecret,
  parseVariableNames,
} from './config-parse.ts'
import type { AppConfig, Config } from './types.ts'

export { ConfigError } from './config-parse.ts'

export const DEFAULT_DIFY_API_URL = 'https://api.dify.ai/v1'

/**
 * Reads and validates the configuration. Unset and empty variables take their defaults.
 * Throws `ConfigError` (one line naming the variable) on the first bad value. `readFile` reads
 * PARLEY_CONFIG when it names a file.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  readFile?: ReadConfigFile,
): Config {
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim()
    return value ? value : undefined
  }
  const or = <T>(name: string, fallback: T, parse: (name: string, value: string) => T): T => {
    const value = get(name)
    return value === undefined ? fallback : parse(name, value)
  }
  const warnings: string[] = []

  const appsFile = get('PARLEY_CONFIG')
  const difyApiKey = get('DIFY_API_KEY') ?? null
  if (difyApiKey !== null && !difyApiKey.startsWith('app-')) {
    warnings.push('DIFY_API_KEY does not start with "app-": Dify chat apps need an app API key.')
  }
  // With PARLEY_CONFIG every app has a key of its own; demo mode is the environment without one.
  const demo = difyApiKey === null && appsFile === undefined
  const difyApiUrl = or('DIFY_API_URL', DEFAULT_DIFY_API_URL, parseBaseUrl)
  if (!demo && !difyApiUrl.endsWith('/v1')) {
    warnings.push(`DIFY_API_URL is ${difyApiUrl}; Dify's Service API usually ends in /v1.`)
  }

  const filesUrl = or('DIFY_FILES_URL', null, parseBaseUrl)
  const difyFilesOrigin = filesUrl === null ? null : new URL(filesUrl).origin

  const publicUrl = or('PUBLIC_URL', null, parseBaseUrl)
  const publicOrigin = publicUrl === null ? null : new URL(publicUrl).origin
  let allowedOrigins = or('ALLOWED_ORIGINS', null, parseOrigins)
  const originsUnset = allowedOrigins === null
  const originsWarning: string[] = []
  if (allowedOrigins === null) {
    allowedOrigins = demo ? ['*'] : ['http://localhost:*']
    if (!demo) {
      originsWarning.push(
        `ALLOWED_ORIGINS is not set: only ${publicOrigin ? `this relay's own pages (${publicOrigin}) and ` : ''}http://localhost:* may use the API. Set it to your site's origin, e.g. ALLOWED_ORIGINS=https://www.example.com`,
      )
    }
  }

  let sessionSecret = get('SESSION_SECRET')
  const sessionSecretGenerated = sessionSecret === undefined
  if (sessionSecret === undefined) {
    sessionSecret = randomSecret()
    warnings.push(
      'SESSION_SECRET is not set: using a random one, so sessions end when the relay restarts and cannot be shared between instances.',
    )
  } else parseSecret('SESSION_SECRET', sessionSecret)
  const identitySecret = or('IDENTITY_SECRET', null, parseSecret)
  const requireIdentity = or('REQUIRE_IDENTITY', false, parseBoolean)
  const showProcess = or('SHOW_PROCESS', false, parseBoolean)
  const workflowOutputs = or('WORKFLOW_OUTPUTS', [], parseVariableNames)

  const [firstByte, idle] = or('UPSTREAM_TIMEOUT', [30_000, 120_000], parseUpstreamTimeout)
  const redisUrl = get('REDIS_URL') ?? null
  if (redisUrl !== null && !/^rediss?:\/\/\S+$/.test(redisUrl)) {
    // The value may hold a password, so it is not echoed.
    throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL')
  }

  const port = or('PORT', 8787, (n, v) => parseInteger(n, v, 0, 65_535))
  const metricsPort = or('METRICS_PORT', null, (n, v) => parseInteger(n, v, 0, 65_535))
  if (metricsPort !== null && metricsPort !== 0 && metricsPort === port) {
    throw new ConfigError('METRICS_PORT', `must differ from PORT (both are ${port})`)
  }

  const base = {
    difyApiKey,
    difyApiUrl,
    difyFilesOrigin,
    port,
    host: get('HOST') ?? '0.0.0.0',
    metricsPort,
    allowedOrigins,
    publicOrigin,
    sessionSecret,
    sessionSecretGenerated,
    sessionTtlMs: or('SESSION_TTL', 86_400_000, (n, v) => parseDuration(n, v, { min: 1000 })),
    visitorTtlMs: or('VISITOR_TTL', 30 * 86_400_000, (n, v) => parseDuration(n, v)),
    rateLimitSession: or('RATE_LIMIT_SESSION', { limit: 20, windowMs: 60_000 }, parseRate),
    rateLimitIp: or('RATE_LIMIT_IP', { limit: 60, windowMs: 60_000 }, parseRate),
    maxQueryChars: or('MAX_QUERY_CHARS', 4000, (n, v) => parseInteger(n, v, 1, 1_000_000)),
    upstreamFirstByteTimeoutMs: firstByte,
    upstreamIdleTimeoutMs: idle,
    trustProxy: or('TRUST_PROXY', false, parseBoolean),
    dailyLimitSession: or('DAILY_LIMIT_SESSION', 200, (n, v) =>
      parseInteger(n, v, 0, 1_000_000_000),
    ),
    dailyLimitApp: or('DAILY_LIMIT_APP', 0, (n, v) => parseInteger(n, v, 0, 1_000_000_000)),
    ipv6Prefix: or('IPV6_PREFIX', 64, (n, v) => parseInteger(n, v, 16, 128)),
    redisUrl,
    shutdownGraceMs: or('SHUTDOWN_GRACE', 20_000, parseDuration),
    logLevel: or('LOG_LEVEL', 'info', parseLogLevel),
    demoApp: or('DEMO_APP', 'chat', parseDemoApp),
    warnings,
  }
  const fromEnv: AppConfig = {
    id: 'default',
    difyApiKey,
    difyApiUrl,
    difyFilesOrigin,
    allowedOrigins,
    rateLimitSession: base.rateLimitSession,
    rateLimitIp: base.rateLimitIp,
    dailyLimitSession: base.dailyLimitSession,
    dailyLimitApp: base.dailyLimitApp,
    identitySecret,
    requireIdentity,
    showProcess,
    workflowOutputs,
  }
  const apps = appsFile === undefined ? [fromEnv] : parseApps(appsFile, env, fromEnv, readFile)
  for (const app of apps) checkIdentity(app, sessionSecret, appsFile !== undefined)
  // The warning matters only for the apps that take the environment's origins.
  if (originsUnset && apps.some((app) => app.allowedOrigins === allowedOrigins)) {
    warnings.push(...originsWarning)
  }
  return { ...base, apps }
}

/**
 * Identity settings that cannot work: requiring identity without a secret to verify it, or a user
 * token secret equal to the session secret (a session token would pass as a user token).
 */
function checkIdentity(app: AppConfig, sessionSecret: string, fromFile: boolean): void {
  // One line naming where the setting came from: the app's field in the file, or the variable.
  const fail = (field: string, variable: string, message: string): never => {
    throw fromFile
      ? new ConfigError('PARLEY_CONFIG', `app "${app.id}" field ${field} ${message}`)
      : new ConfigError(variable, message)
  }
  if (app.requireIdentity && app.identitySecret === null) {
    fail(
      'requireIdentity',
      'REQUIRE_IDENTITY',
      'needs an identity secret (IDENTITY_SECRET or identitySecret) to know signed-in users',
    )
  }
  if (app.identitySecret !== null && app.identitySecret === sessionSecret) {
    fail('identitySecret', 'IDENTITY_SECRET', 'must differ from SESSION_SECRET')
  }
}

/** `<firstByte>[,<idle>]`; the idle timeout defaults to 120 s. */
function parseUpstreamTimeout(name: string, value: string): [number, number] {
  const parts = value.split(',').map((p) => p.trim())
  if (parts.length > 2) {
    throw new ConfigError(name, `must be <first byte>[,<idle>] like 30s,120s, got "${value}"`)
  }
  const firstByte = parseDuration(name, parts[0] ?? '', { min: 1 })
  const idle = parts[1] === undefined ? 120_000 : parseDuration(name, parts[1], { min: 1 })
  return [firstByte, idle]
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
