/**
 * `pnpm --filter @parley/examples serve`: the example pages on http://localhost:8080, loading the widget
 * from a relay on http://127.0.0.1:8787 (start it with `pnpm start` from the repo root).
 * `PORT` and `RELAY_URL` override both.
 */
import { listPages, RELAY_PLACEHOLDER, startExampleServer } from './server.ts'

const port = Number(process.env.PORT ?? 8080)
const relayUrl = process.env.RELAY_URL ?? RELAY_PLACEHOLDER
const server = await startExampleServer({ port, relayUrl })

console.log(`Parley examples on ${server.url} (relay: ${relayUrl})`)
for (const page of await listPages()) console.log(`  ${server.url}/${page}`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)))
}
