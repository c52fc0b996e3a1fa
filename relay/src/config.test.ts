import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

const KEY = 'app-NotARealKey-Config-01'
const SECRET = 'x'.repeat(32)

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('runs in demo mode with every default when nothing is set', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      difyApiKey: null,
      difyApiUrl: 'https://api.dify.ai/v1',
      port: 8787,
      host: '0.0.0.0',
      metricsPort: null,
      allowedOrigins: ['*'],
      publicOrigin: null,
      sessionSecretGenerated: true,
      sessionTtlMs: 86_400_000,
      visitorTtlMs: 2_592_000_000,
      rateLimitSession: { limit: 20, windowMs: 60_000 },
      rateLimitIp: { limit: 60, windowMs: 60_000 },
      maxQueryChars: 4000,
      upstreamFirstByteTimeoutMs: 30_000,
      upstreamIdleTimeoutMs: 120_000,
      trustProxy: false,
      dailyLimitSession: 200,
      redisUrl: null,
      shutdownGraceMs: 20_000,
      logLevel: 'info',
    })
    expect(config.sessionSecret.length).toBeGreaterThanOrEqual(32)
  })

  it('generates a different random session secret per process and warns about it', () => {
    const a = loadConfig({})
    expect(a.sessionSecret).not.toBe(loadConfig({}).sessionSecret)
    expect(a.warnings.join('\n')).toMatch(/SESSION_SECRET is not set/)
  })

  it('reads every variable', () => {
    const config = loadConfig({
      DIFY_API_KEY: KEY,
      DIFY_API_URL: 'http://dify.internal:5001/v1/',
      PORT: '9000',
      HOST: '127.0.0.1',
      METRICS_PORT: '9464',
      ALLOWED_ORIGINS: 'https://www.example.com, https://*.example.org,http://localhost:*',
      SESSION_SECRET: SECRET,
      SESSION_TTL: '2h',
      VISITOR_TTL: '168h',
      RATE_LIMIT_SESSION: '5/s',
      RATE_LIMIT_IP: '1000/day',
      MAX_QUERY_CHARS: '100',
      UPSTREAM_TIMEOUT: '5s,1m',
      TRUST_PROXY: 'true',
      DAILY_LIMIT_SESSION: '0',
      REDIS_URL: 'redis://localhost:6379/0',
      SHUTDOWN_GRACE: '1500',
      LOG_LEVEL: 'DEBUG',
    })
    expect(config).toMatchObject({
      difyApiKey: KEY,
      difyApiUrl: 'http://dify.internal:5001/v1',
      port: 9000,
      host: '127.0.0.1',
      metricsPort: 9464,
      allowedOrigins: ['https://www.example.com', 'https://*.example.org', 'http://localhost:*'],
      sessionSecret: SECRET,
      sessionSecretGenerated: false,
      sessionTtlMs: 7_200_000,
      visitorTtlMs: 604_800_000,
      rateLimitSession: { limit: 5, windowMs: 1000 },
      rateLimitIp: { limit: 1000, windowMs: 86_400_000 },
      maxQueryChars: 100,
      upstreamFirstByteTimeoutMs: 5000,
      upstreamIdleTimeoutMs: 60_000,
      trustProxy: true,
      dailyLimitSession: 0,
      redisUrl: 'redis://localhost:6379/0',
      shutdownGraceMs: 1500,
      logLevel: 'debug',
      warnings: [],
    })
  })

  it('treats empty variables as unset', () => {
    const config = loadConfig({ DIFY_API_KEY: '', PORT: ' ', SESSION_SECRET: '' })
    expect(config.difyApiKey).toBeNull()
    expect(config.port).toBe(8787)
    expect(config.sessionSecretGenerated).toBe(true)
  })

  it('accepts every duration unit, a bare number being milliseconds', () => {
    const ttl = (SESSION_TTL: string) => loadConfig({ SESSION_TTL }).sessionTtlMs
    expect([ttl('1500ms'), ttl('90s'), ttl('30m'), ttl('1.5h'), ttl('2d'), ttl('60000')]).toEqual([
      1500, 90_000, 1_800_000, 5_400_000, 172_800_000, 60_000,
    ])
  })

  it('accepts every rate unit', () => {
    const rate = (RATE_LIMIT_IP: string) => loadConfig({ RATE_LIMIT_IP }).rateLimitIp.windowMs
    expect([rate('1/s'), rate('1/min'), rate('1/h'), rate('1/day')]).toEqual([
      1000, 60_000, 3_600_000, 86_400_000,
    ])
  })

  it('defaults the idle upstream timeout to 120 s when only the first-byte one is given', () => {
    const config = loadConfig({ UPSTREAM_TIMEOUT: '10s' })
    expect([config.upstreamFirstByteTimeoutMs, config.upstreamIdleTimeoutMs]).toEqual([
      10_000, 120_000,
    ])
  })

  it('allows only localhost by default with a key set, and warns loudly', () => {
    const config = loadConfig({ DIFY_API_KEY: KEY, SESSION_SECRET: SECRET })
    expect(config.allowedOrigins).toEqual(['http://localhost:*'])
    expect(config.warnings).toHaveLength(1)
    expect(config.warnings[0]).toMatch(/ALLOWED_ORIGINS is not set/)
  })

  it('warns about an unusual key or base URL without ever repeating the key', () => {
    const config = loadConfig({
      DIFY_API_KEY: 'dataset-topsecret',
      DIFY_API_URL: 'https://dify.example.com',
      ALLOWED_ORIGINS: '*',
      SESSION_SECRET: SECRET,
    })
    expect(config.warnings).toHaveLength(2)
    expect(config.warnings.join('\n')).not.toContain('topsecret')
  })

  it("takes the relay's own origin from PUBLIC_URL, whatever its path", () => {
    const config = loadConfig({ PUBLIC_URL: 'https://chat.example.com/parley/' })
    expect(config.publicOrigin).toBe('https://chat.example.com')
  })

  it.each([
    ['DIFY_API_URL', 'ftp://dify.example.com/v1'],
    ['DIFY_API_URL', 'not a url'],
    ['DIFY_API_URL', 'https://dify.example.com/v1?x=1'],
    ['PORT', '70000'],
    ['PORT', '80a'],
    ['PORT', '-1'],
    ['METRICS_PORT', '65536'],
    ['METRICS_PORT', 'on'],
    ['PUBLIC_URL', 'chat.example.com'],
    ['PUBLIC_URL', 'javascript:alert(1)'],
    ['ALLOWED_ORIGINS', 'https://example.com/path'],
    ['ALLOWED_ORIGINS', 'example.com'],
    ['ALLOWED_ORIGINS', ' , '],
    ['SESSION_TTL', '10 days'],
    ['SESSION_TTL', '0s'],
    ['RATE_LIMIT_SESSION', '20'],
    ['RATE_LIMIT_SESSION', '0/min'],
    ['RATE_LIMIT_SESSION', '20/week'],
    ['RATE_LIMIT_IP', 'lots'],
    ['MAX_QUERY_CHARS', '0'],
    ['MAX_QUERY_CHARS', '4k'],
    ['UPSTREAM_TIMEOUT', '30s,120s,5s'],
    ['UPSTREAM_TIMEOUT', 'soon'],
    ['UPSTREAM_TIMEOUT', '30s,0'],
    ['TRUST_PROXY', 'maybe'],
    ['DAILY_LIMIT_SESSION', '1.5'],
    ['DAILY_LIMIT_APP', '-1'],
    ['IPV6_PREFIX', '129'],
    ['IPV6_PREFIX', '8'],
    ['DIFY_FILES_URL', 'files.example.com'],
    ['REDIS_URL', 'http://cache:6379'],
    ['SHUTDOWN_GRACE', '-5s'],
    ['LOG_LEVEL', 'verbose'],
  ])('rejects %s=%s with one line naming the variable', (name, value) => {
    const error = errorOf({ [name]: value })
    expect(error.variable).toBe(name)
    expect(error.message.startsWith(`${name} `)).toBe(true)
    expect(error.message).not.toContain('\n')
  })

  it('turns METRICS_PORT off when unset or empty, and refuses the API port for it', () => {
    expect(loadConfig({ METRICS_PORT: ' ' }).metricsPort).toBeNull()
    expect(loadConfig({ METRICS_PORT: '0', PORT: '0' }).metricsPort).toBe(0)
    expect(errorOf({ METRICS_PORT: '8787' }).message).toBe(
      'METRICS_PORT must differ from PORT (both are 8787)',
    )
  })

  it('rejects a short SESSION_SECRET without echoing it', () => {
    const error = errorOf({ SESSION_SECRET: 'hunter2' })
    expect(error.message).toMatch(/^SESSION_SECRET must be at least 32 characters/)
    expect(error.message).not.toContain('hunter2')
  })

  it('reads IDENTITY_SECRET and REQUIRE_IDENTITY, and refuses what cannot work', () => {
    const identity = 'shop-identity-secret-0123456789abcdef'
    const config = loadConfig({ IDENTITY_SECRET: identity, REQUIRE_IDENTITY: 'true' })
    expect(config.apps[0]).toMatchObject({ identitySecret: identity, requireIdentity: true })
    expect(loadConfig({}).apps[0]).toMatchObject({ identitySecret: null, requireIdentity: false })
    expect(errorOf({ REQUIRE_IDENTITY: 'true' }).message).toMatch(
      /^REQUIRE_IDENTITY needs an identity secret/,
    )
    const short = errorOf({ IDENTITY_SECRET: 'hunter2' }).message
    expect(short).toMatch(/^IDENTITY_SECRET must be at least 32 characters/)
    expect(short).not.toContain('hunter2')
    expect(errorOf({ IDENTITY_SECRET: SECRET, SESSION_SECRET: SECRET }).message).toBe(
      'IDENTITY_SECRET must differ from SESSION_SECRET',
    )
  })

  it('reads SHOW_PROCESS (default off) and names a bad value', () => {
    expect(loadConfig({}).apps[0]?.showProcess).toBe(false)
    for (const on of ['true', 'TRUE', '1', 'yes', 'on']) {
      expect(loadConfig({ SHOW_PROCESS: on }).apps[0]?.showProcess, on).toBe(true)
    }
    for (const off of ['false', '0', 'no', 'off', ' ']) {
      expect(loadConfig({ SHOW_PROCESS: off }).apps[0]?.showProcess, off).toBe(false)
    }
    expect(errorOf({ SHOW_PROCESS: 'sometimes' }).message).toBe(
      'SHOW_PROCESS must be true or false, got "sometimes"',
    )
  })

  it('reads WORKFLOW_OUTPUTS (default none) and names a bad variable', () => {
    expect(loadConfig({}).apps[0]?.workflowOutputs).toEqual([])
    expect(
      loadConfig({ WORKFLOW_OUTPUTS: ' result, summary,,result' }).apps[0]?.workflowOutputs,
    ).toEqual(['result', 'summary'])
    expect(errorOf({ WORKFLOW_OUTPUTS: 'result,bad name' }).message).toBe(
      'WORKFLOW_OUTPUTS has "bad name", which is not a variable name (a letter or _, then letters, digits and _), e.g. result,summary',
    )
  })

  it('reads DEMO_APP (default chat) and names a bad value', () => {
    expect(loadConfig({}).demoApp).toBe('chat')
    expect(loadConfig({ DEMO_APP: 'Workflow' }).demoApp).toBe('workflow')
    expect(errorOf({ DEMO_APP: 'agent' }).message).toBe(
      'DEMO_APP must be one of chat, completion, workflow, got "agent"',
    )
  })

  it('rejects a bad REDIS_URL without echoing a password in it', () => {
    expect(errorOf({ REDIS_URL: 'tcp://:pa55word@cache' }).message).not.toContain('pa55word')
  })
})
