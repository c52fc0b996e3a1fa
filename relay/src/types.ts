/** Types shared by the relay's modules: its configuration and the Hono environment of its routes. */
import type { DifyClient } from './dify/client.ts'
import type { AppMeter } from './metrics.ts'
import type { RelayApp } from './relay-apps.ts'
import type { SuggestedCache } from './routes/suggested-cache.ts'
import type { UploadSlots } from './routes/upload-slots.ts'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** `<n>/<s|min|h|day>`: a burst of at most `limit`, refilled at `limit` per `windowMs`. */
export interface Rate {
  limit: number
  windowMs: number
}

/** One Dify app the relay serves: `default` from the environment, or an entry of PARLEY_CONFIG. */
export interface AppConfig {
  /** `default`, or the app's key in PARLEY_CONFIG; what `data-app` names. */
  id: string
  /** null: demo mode against the built-in demo upstream. */
  difyApiKey: string | null
  difyApiUrl: string
  difyFilesOrigin: string | null
  allowedOrigins: string[]
  rateLimitSession: Rate
  rateLimitIp: Rate
  dailyLimitSession: number
  dailyLimitApp: number
  /** HS256 secret the host's backend signs user tokens with (null: anonymous visitors only). */
  identitySecret: string | null
  /** Refuse anonymous visitors (needs `identitySecret`). */
  requireIdentity: boolean
  /**
   * Show answers' steps (workflow node titles, agent tool names) even when Dify's
   * `show_workflow_steps` is off; never their inputs or outputs.
   */
  showProcess: boolean
  /**
   * A workflow app's output variables its run's `end` may carry (WORKFLOW_OUTPUTS); none when
   * empty. Any other output stays on the server.
   */
  workflowOutputs: string[]
}

/**
 * The relay's configuration, read from the environment by `loadConfig` (config.ts). The app fields
 * at the top level are the environment's (the `default` app's, and every app's defaults); `apps`
 * is what is served.
 */
export interface Config {
  /** null: demo mode against the built-in demo upstream. */
  difyApiKey: string | null
  /** Base URL of the Dify Service API, ending in `/v1` (no trailing slash). */
  difyApiUrl: string
  /** DIFY_FILES_URL's origin: where Dify serves files when its FILES_URL is another host (null: none). */
  difyFilesOrigin: string | null
  port: number
  host: string
  /** Where Prometheus scrapes `/metrics` (on `host`); null: metrics off. */
  metricsPort: number | null
  /** Exact origins, `*`, or `https://*.example.com` wildcard subdomains; `http://localhost:*` any port. */
  allowedOrigins: string[]
  /** PUBLIC_URL's origin: the relay's own pages, always allowed to use the API (null: none). */
  publicOrigin: string | null
  sessionSecret: string
  /** True when SESSION_SECRET was not set and a random one is used. */
  sessionSecretGenerated: boolean
  sessionTtlMs: number
  /** How long after its session expired an anonymous visitor may renew it and stay the same visitor. */
  visitorTtlMs: number
  rateLimitSession: Rate
  rateLimitIp: Rate
  maxQueryChars: number
  upstreamFirstByteTimeoutMs: number
  upstreamIdleTimeoutMs: number
  trustProxy: boolean
  dailyLimitSession: number
  /** Messages per UTC day for the app, all visitors together; 0: no cap. */
  dailyLimitApp: number
  /** IPv6 addresses share a per-IP bucket with their /ipv6Prefix. */
  ipv6Prefix: number
  redisUrl: string | null
  shutdownGraceMs: number
  logLevel: LogLevel
  /** DEMO_APP: which kind of app demo mode shows (the built-in chatflow by default). */
  demoApp: 'chat' | 'completion' | 'workflow'
  /** The apps served, the first one answering when a request names none. */
  apps: AppConfig[]
  /** Things worth a loud line at start (defaults unfit for production); never contain secrets. */
  warnings: string[]
}

export type Mode = 'dify' | 'demo'

/** Variables every `/api/*` route can read with `c.get(…)`. */
export interface AppVariables {
  config: Config
  /** The app this request is served by (its session's, or the one `POST /session` names). */
  app: RelayApp
  /** The app id a verified session names (set with `visitor`). */
  appId: string
  dify: DifyClient
  /** Suggested questions already asked of Dify, per visitor and message. */
  suggested: SuggestedCache
  /** Uploads in flight per visitor on this relay instance. */
  uploads: UploadSlots
  /** The Dify `user`: the verified session's `sub`. Set only on routes behind the session check. */
  visitor: string
  /** `POST /session` only: the host's signed user token, when the widget sent one. */
  userToken?: string
  /** `POST /session` only: an earlier session token of this visitor, to go on as the same visitor. */
  renewToken?: string
  /** Quiet time before a `: ping` on an answer stream; 15 s when unset. */
  pingIntervalMs?: number
  /** Aborted when the relay is about to drop its connections: open answers end with an error. */
  closing?: AbortSignal
  /** The app's metrics; set only when metrics are on (METRICS_PORT). */
  meter?: AppMeter
  /** `performance.now()` when the request came in; set only when metrics are on. */
  receivedAt?: number
}

export interface AppEnv {
  Variables: AppVariables
}
