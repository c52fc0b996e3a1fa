/**
 * The Worker in workerd on this machine, through miniflare: no Cloudflare account, and no request
 * to anything but the relay's own upstreams (no `cf` fetch, no telemetry).
 */
import { Log, LogLevel, Miniflare } from 'miniflare'
import { bundleWorker } from './build.ts'

/** The relay's variables, passed to the Worker as string bindings (PORT/HOST are miniflare's). */
export const RELAY_VARIABLES = [
  'DIFY_API_KEY',
  'DIFY_API_URL',
  'ALLOWED_ORIGINS',
  'SESSION_SECRET',
  'SESSION_TTL',
  'RATE_LIMIT_SESSION',
  'RATE_LIMIT_IP',
  'MAX_QUERY_CHARS',
  'UPSTREAM_TIMEOUT',
  'TRUST_PROXY',
  'DAILY_LIMIT_SESSION',
  'LOG_LEVEL',
] as const

// Matches wrangler.toml; workerd rejects dates newer than itself.
export const COMPATIBILITY_DATE = '2025-09-01'

export interface WorkerdRelay {
  url: URL
  close(): Promise<void>
}

export async function startWorkerd(
  env: Record<string, string | undefined>,
  { host = '127.0.0.1', port = 0, script }: { host?: string; port?: number; script?: string } = {},
): Promise<WorkerdRelay> {
  const bindings: Record<string, string> = {}
  for (const name of RELAY_VARIABLES) {
    const value = env[name]
    if (value !== undefined && value !== '') bindings[name] = value
  }
  const mf = new Miniflare({
    modules: true,
    script: script ?? (await bundleWorker()),
    compatibilityDate: COMPATIBILITY_DATE,
    bindings,
    host,
    port,
    // A fixed cf object instead of fetching https://workers.cloudflare.com/cf.json.
    cf: { country: 'XX', colo: 'LOCAL' },
    telemetry: { enabled: false },
    log: new Log(LogLevel.WARN),
  })
  return { url: await mf.ready, close: () => mf.dispose() }
}
