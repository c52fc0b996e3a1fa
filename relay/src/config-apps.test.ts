import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

const env = {
  SESSION_SECRET: 'x'.repeat(32),
  RATE_LIMIT_SESSION: '10/min',
  SUPPORT_KEY: 'app-support-0123456789',
  SALES_KEY: 'app-sales-0123456789',
}
const files: Record<string, string> = {}
const readFile = (path: string) => {
  const text = files[path]
  if (text === undefined) throw new Error(`ENOENT: ${path}`)
  return text
}

function load(doc: unknown, extra: Record<string, string> = {}) {
  files['/etc/parley.json'] = typeof doc === 'string' ? doc : JSON.stringify(doc)
  return loadConfig({ ...env, PARLEY_CONFIG: '/etc/parley.json', ...extra }, readFile)
}

function errorOf(doc: unknown, extra: Record<string, string> = {}): string {
  try {
    load(doc, extra)
  } catch (error) {
    if (error instanceof ConfigError) return error.message
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('PARLEY_CONFIG', () => {
  it('serves each app with its own settings, the rest from the environment', () => {
    const config = load({
      apps: {
        support: { difyApiKey: '${SUPPORT_KEY}', allowedOrigins: ['https://help.example.com'] },
        sales: {
          difyApiKey: '${SALES_KEY}',
          difyApiUrl: 'https://dify.internal/v1',
          allowedOrigins: 'https://shop.example.com, https://*.shop.example.com',
          rateLimitIp: '5/min',
          dailyLimitApp: 500,
        },
      },
    })
    expect(config.apps.map((a) => a.id)).toEqual(['support', 'sales'])
    const [support, sales] = config.apps
    expect(support).toMatchObject({
      difyApiKey: 'app-support-0123456789',
      difyApiUrl: 'https://api.dify.ai/v1',
      allowedOrigins: ['https://help.example.com'],
      rateLimitSession: { limit: 10, windowMs: 60_000 },
      dailyLimitApp: 0,
    })
    expect(sales).toMatchObject({
      difyApiKey: 'app-sales-0123456789',
      difyApiUrl: 'https://dify.internal/v1',
      allowedOrigins: ['https://shop.example.com', 'https://*.shop.example.com'],
      rateLimitIp: { limit: 5, windowMs: 60_000 },
      dailyLimitApp: 500,
    })
    expect(config.warnings.join()).not.toContain('ALLOWED_ORIGINS')
  })

  it('takes the JSON itself where there is no file to read', () => {
    const config = loadConfig({
      ...env,
      PARLEY_CONFIG: JSON.stringify({ apps: { docs: { difyApiKey: '${SUPPORT_KEY}' } } }),
    })
    expect(config.apps.map((a) => a.id)).toEqual(['docs'])
    expect(config.warnings.join()).toContain('ALLOWED_ORIGINS is not set')
  })

  it('keeps the single app of the environment as "default" without it', () => {
    const config = loadConfig({ ...env, DIFY_API_KEY: 'app-k-0123456789' })
    expect(config.apps).toEqual([
      expect.objectContaining({ id: 'default', difyApiKey: 'app-k-0123456789' }),
    ])
  })

  it.each([
    [{ apps: { sales: {} } }, /^PARLEY_CONFIG app "sales" needs difyApiKey/],
    [
      { apps: { sales: { difyApiKey: 'app-x', colour: 'red' } } },
      /app "sales" has an unknown field "colour"/,
    ],
    [
      { apps: { sales: { difyApiKey: 'app-x', rateLimitIp: '5 per minute' } } },
      /^PARLEY_CONFIG app "sales" field rateLimitIp must be a rate like 20\/min/,
    ],
    [
      { apps: { sales: { difyApiKey: '${NOPE_KEY}' } } },
      /app "sales" field difyApiKey uses \$\{NOPE_KEY\}, which is not set/,
    ],
    [
      { apps: { sales: { difyApiKey: 'app-x', allowedOrigins: 'shop' } } },
      /app "sales" field allowedOrigins has "shop"/,
    ],
    [
      { apps: { sales: { difyApiKey: 'app-x', dailyLimitApp: -3 } } },
      /app "sales" field dailyLimitApp must be a whole number/,
    ],
    [{ apps: { sales: { difyApiKey: 42 } } }, /app "sales" field difyApiKey must be a string/],
    [{ apps: { 'Sales Bot': { difyApiKey: 'app-x' } } }, /app "Sales Bot": the id must be/],
    [{ apps: {} }, /lists no apps/],
    [{ bots: {} }, /must be an object with "apps"/],
    [{ apps: { a: { difyApiKey: 'app-x' } }, extra: 1 }, /unknown field "extra"/],
    ['{ "apps": ', /^PARLEY_CONFIG is not valid JSON/],
    [
      { apps: { sales: { difyApiKey: 'app-x', requireIdentity: true } } },
      /^PARLEY_CONFIG app "sales" field requireIdentity needs an identity secret/,
    ],
    [
      { apps: { sales: { difyApiKey: 'app-x', requireIdentity: 'sometimes' } } },
      /app "sales" field requireIdentity must be true or false/,
    ],
    [
      { apps: { sales: { difyApiKey: 'app-x', showProcess: 'sometimes' } } },
      /^PARLEY_CONFIG app "sales" field showProcess must be true or false, got "sometimes"$/,
    ],
    [
      { apps: { sales: { difyApiKey: 'app-x', showProcess: 1 } } },
      /^PARLEY_CONFIG app "sales" field showProcess must be true or false \(or a string like/,
    ],
    [
      { apps: { sales: { difyApiKey: 'app-x', identitySecret: 'short' } } },
      /app "sales" field identitySecret must be at least 32 characters/,
    ],
    [
      { apps: { sales: { difyApiKey: 'app-x', identitySecret: 'x'.repeat(32) } } },
      /app "sales" field identitySecret must differ from SESSION_SECRET/,
    ],
  ])('stops at start with one line naming the app and field: %j', (doc, message) => {
    const line = errorOf(doc)
    expect(line).toMatch(message)
    expect(line).not.toContain('\n')
  })

  it('gives each app its own identity secret and sign-in rule, the rest from the environment', () => {
    const config = load(
      {
        apps: {
          support: { difyApiKey: '${SUPPORT_KEY}' },
          account: {
            difyApiKey: '${SALES_KEY}',
            identitySecret: '${ACCOUNT_IDENTITY}',
            requireIdentity: true,
          },
        },
      },
      { ACCOUNT_IDENTITY: 'account-identity-secret-0123456789abcdef' },
    )
    expect(config.apps.map((a) => [a.id, a.identitySecret, a.requireIdentity])).toEqual([
      ['support', null, false],
      ['account', 'account-identity-secret-0123456789abcdef', true],
    ])
  })

  it('shows steps per app: its showProcess, else SHOW_PROCESS', () => {
    const doc = {
      apps: {
        support: { difyApiKey: 'app-NotARealKeySupport' },
        sales: { difyApiKey: 'app-NotARealKeySales', showProcess: true },
        docs: { difyApiKey: 'app-NotARealKeyDocs', showProcess: '${DOCS_STEPS}' },
      },
    }
    const steps = (extra: Record<string, string>) =>
      load(doc, extra).apps.map((a) => [a.id, a.showProcess])
    expect(steps({ DOCS_STEPS: 'off' })).toEqual([
      ['support', false],
      ['sales', true],
      ['docs', false],
    ])
    expect(steps({ DOCS_STEPS: 'on', SHOW_PROCESS: 'true' })).toEqual([
      ['support', true],
      ['sales', true],
      ['docs', true],
    ])
  })

  it('names a file it cannot read', () => {
    expect(() => loadConfig({ ...env, PARLEY_CONFIG: '/nope.json' }, readFile)).toThrow(
      'PARLEY_CONFIG names /nope.json, which cannot be read',
    )
  })

  it('never echoes a key it read from the environment', () => {
    const line = errorOf({ apps: { sales: { difyApiKey: '${SALES_KEY}', rateLimitIp: 'x' } } })
    expect(line).not.toContain(env.SALES_KEY)
  })
})
