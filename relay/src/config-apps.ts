/**
 * `PARLEY_CONFIG`: several Dify apps in one relay. A JSON document `{ "apps": { "<id>": { … } } }`
 * (a file path, or the JSON itself where the runtime has no files), each app's settings defaulting
 * to the environment's. String values may be `${NAME}`, read from the environment, so that keys stay
 * out of the file. Any mistake is one ConfigError line naming the app and the field.
 */
import {
  ConfigError,
  parseBaseUrl,
  parseBoolean,
  parseInteger,
  parseOrigins,
  parseRate,
  parseSecret,
  parseVariableNames,
} from './config-parse.ts'
import type { AppConfig } from './types.ts'

const VARIABLE = 'PARLEY_CONFIG'
const APP_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/

/** Reads a config file's text; entries without a file system have none. */
export type ReadConfigFile = (path: string) => string

/** The settings an app takes from the environment when its entry does not name them. */
export type AppDefaults = Omit<AppConfig, 'id' | 'difyApiKey'>

function fail(message: string): never {
  throw new ConfigError(VARIABLE, message)
}

/** The document PARLEY_CONFIG names (or is). */
function documentOf(value: string, readFile: ReadConfigFile | undefined): unknown {
  let text = value
  if (!value.startsWith('{')) {
    if (!readFile) fail('must be the JSON itself on this runtime, which cannot read files')
    try {
      text = readFile(value)
    } catch {
      fail(`names ${value}, which cannot be read`)
    }
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    fail(
      `is not valid JSON (${error instanceof Error ? error.message.split('\n')[0] : 'parse error'})`,
    )
  }
}

/** `${NAME}` in a string → the environment's NAME (unset or empty: an error naming it). */
function substitute(value: string, env: Record<string, string | undefined>, where: string): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const found = env[name]?.trim()
    if (!found) fail(`${where} uses \${${name}}, which is not set`)
    return found
  })
}

/** What each field may be written as in the JSON. */
type Shape = 'string' | 'list' | 'number' | 'boolean'

const SHAPES: Record<string, Shape> = {
  difyApiKey: 'string',
  difyApiUrl: 'string',
  difyFilesUrl: 'string',
  allowedOrigins: 'list',
  rateLimitSession: 'string',
  rateLimitIp: 'string',
  dailyLimitSession: 'number',
  dailyLimitApp: 'number',
  identitySecret: 'string',
  requireIdentity: 'boolean',
  showProcess: 'boolean',
  workflowOutputs: 'list',
}

const SHAPE_WORDS = {
  string: 'a string',
  list: 'a string or a list of strings',
  number: 'a number (or a string like "${DAILY_LIMIT}")',
  boolean: 'true or false (or a string like "${SHOW_PROCESS}")',
}

/** A field as the text the environment parsers read: strings (after `${}`), numbers, lists. */
function text(
  value: unknown,
  shape: Shape,
  env: Record<string, string | undefined>,
  where: string,
): string {
  if (typeof value === 'string') return substitute(value, env, where)
  if (shape === 'number' && typeof value === 'number' && Number.isFinite(value)) {
    return String(value)
  }
  if (shape === 'boolean' && typeof value === 'boolean') return String(value)
  if (shape === 'list' && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return value.map((v) => substitute(v, env, where)).join(',')
  }
  return fail(`${where} must be ${SHAPE_WORDS[shape]}`)
}

/** Runs an environment parser on a field, its error renamed to the app and field. */
function field<T>(where: string, parse: (name: string) => T): T {
  try {
    return parse(where)
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(VARIABLE, error.message)
    throw error
  }
}

export function parseApps(
  value: string,
  env: Record<string, string | undefined>,
  defaults: AppDefaults,
  readFile?: ReadConfigFile,
): AppConfig[] {
  const doc = documentOf(value, readFile)
  const apps =
    typeof doc === 'object' && doc !== null && !Array.isArray(doc)
      ? (doc as Record<string, unknown>).apps
      : undefined
  if (typeof apps !== 'object' || apps === null || Array.isArray(apps)) {
    fail('must be an object with "apps": { "<id>": { "difyApiKey": … } }')
  }
  for (const key of Object.keys(doc as object)) {
    if (key !== 'apps') fail(`has an unknown field "${key}" (only "apps")`)
  }
  const entries = Object.entries(apps as Record<string, unknown>)
  if (entries.length === 0) fail('lists no apps')
  return entries.map(([id, raw]) => {
    if (!APP_ID.test(id)) {
      fail(
        `app "${id}": the id must be 1–40 of a-z, 0-9, "-" and "_", starting with a letter or digit`,
      )
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      fail(`app "${id}" must be an object`)
    }
    const app = raw as Record<string, unknown>
    for (const key of Object.keys(app)) {
      if (!Object.hasOwn(SHAPES, key)) fail(`app "${id}" has an unknown field "${key}"`)
    }
    const at = (name: string) => `app "${id}" field ${name}`
    const get = (name: string) =>
      app[name] === undefined ? undefined : text(app[name], SHAPES[name] ?? 'string', env, at(name))
    const key = get('difyApiKey')
    if (!key) fail(`app "${id}" needs difyApiKey (e.g. "\${SUPPORT_DIFY_KEY}")`)
    const url = get('difyApiUrl')
    const filesUrl = get('difyFilesUrl')
    const origins = get('allowedOrigins')
    const sessionRate = get('rateLimitSession')
    const ipRate = get('rateLimitIp')
    const dailySession = get('dailyLimitSession')
    const dailyApp = get('dailyLimitApp')
    const identitySecret = get('identitySecret')
    const requireIdentity = get('requireIdentity')
    const showProcess = get('showProcess')
    const workflowOutputs = get('workflowOutputs')
    const max = 1_000_000_000
    return {
      id,
      difyApiKey: key,
      difyApiUrl:
        url === undefined
          ? defaults.difyApiUrl
          : field(at('difyApiUrl'), (n) => parseBaseUrl(n, url)),
      difyFilesOrigin:
        filesUrl === undefined
          ? defaults.difyFilesOrigin
          : new URL(field(at('difyFilesUrl'), (n) => parseBaseUrl(n, filesUrl))).origin,
      allowedOrigins:
        origins === undefined
          ? defaults.allowedOrigins
          : field(at('allowedOrigins'), (n) => parseOrigins(n, origins)),
      rateLimitSession:
        sessionRate === undefined
          ? defaults.rateLimitSession
          : field(at('rateLimitSession'), (n) => parseRate(n, sessionRate)),
      rateLimitIp:
        ipRate === undefined
          ? defaults.rateLimitIp
          : field(at('rateLimitIp'), (n) => parseRate(n, ipRate)),
      dailyLimitSession:
        dailySession === undefined
          ? defaults.dailyLimitSession
          : field(at('dailyLimitSession'), (n) => parseInteger(n, dailySession, 0, max)),
      dailyLimitApp:
        dailyApp === undefined
          ? defaults.dailyLimitApp
          : field(at('dailyLimitApp'), (n) => parseInteger(n, dailyApp, 0, max)),
      identitySecret:
        identitySecret === undefined
          ? defaults.identitySecret
          : field(at('identitySecret'), (n) => parseSecret(n, identitySecret)),
      requireIdentity:
        requireIdentity === undefined
          ? defaults.requireIdentity
          : field(at('requireIdentity'), (n) => parseBoolean(n, requireIdentity)),
      showProcess:
        showProcess === undefined
          ? defaults.showProcess
          : field(at('showProcess'), (n) => parseBoolean(n, showProcess)),
      workflowOutputs:
        workflowOutputs === undefined
          ? defaults.workflowOutputs
          : field(at('workflowOutputs'), (n) => parseVariableNames(n, workflowOutputs)),
    }
  })
}
