/** For tests: a relay with a fixed clock, captured log lines and no network. */
import { createRelay, type RelayDeps } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'

export const TEST_SECRET = 'test-secret-test-secret-test-secret'
export const TEST_KEY = 'app-test-key-0123456789'
export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0)

export function testRelay(env: Record<string, string> = {}, deps: RelayDeps = {}) {
  const clock = { now: T0 }
  const lines: Record<string, unknown>[] = []
  const config = loadConfig({
    DIFY_API_KEY: TEST_KEY,
    SESSION_SECRET: TEST_SECRET,
    ALLOWED_ORIGINS: 'https://shop.example.com',
    ...env,
  })
  const app = createRelay(config, {
    fetch: async () => Response.json({ message: 'no upstream in this test' }, { status: 500 }),
    log: (line) => lines.push(JSON.parse(line)),
    now: () => clock.now,
    ...deps,
  })
  const newSession = async (headers: Record<string, string> = {}) => {
    const res = await app.request('/api/session', { method: 'POST', headers })
    return ((await res.json()) as { token: string }).token
  }
  return { app, config, clock, lines, newSession }
}
