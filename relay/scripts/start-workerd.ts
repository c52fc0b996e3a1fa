/** `pnpm start:workerd`: the Worker in local workerd with the same environment variables as `pnpm start`. */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ConfigError, loadConfig } from '../src/config.ts'
import { startWorkerd } from './workerd.ts'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
for (const file of new Set([resolve('.env'), resolve(repoRoot, '.env')])) {
  if (existsSync(file)) process.loadEnvFile(file)
}
let port: number
let host: string
try {
  // Validated here too, so a bad variable fails at start with one line, as on the other runtimes.
  const config = loadConfig(process.env)
  for (const warning of config.warnings) console.warn(`parley: ${warning}`)
  port = config.port
  host = config.host
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(`parley: ${error.message}`)
  process.exit(1)
}
const relay = await startWorkerd(process.env, { host, port })
const url = new URL(relay.url)
if (host === '0.0.0.0' || host === '::') url.hostname = 'localhost'
console.log(
  JSON.stringify({
    time: new Date().toISOString(),
    level: 'info',
    msg: `Parley relay listening on ${url.origin} (runtime: workerd)`,
    url: url.origin,
    runtime: 'workerd',
  }),
)
const stop = () => void relay.close().then(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
