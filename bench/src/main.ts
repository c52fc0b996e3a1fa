/**
 * `pnpm bench`: Parley's size, speed and scale on this machine, beside design.md's budgets. Prints a
 * table, writes bench/results.json and the README's Performance section, and exits 1 when a budget
 * is missed (or a measurement failed), naming which.
 */
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { measureBoot } from './browser/boot.ts'
import { launchChromium } from './browser/chromium.ts'
import { startHostPage } from './browser/host-page.ts'
import { streamOnce } from './browser/stream.ts'
import { describeMachine } from './machine.ts'
import { type Metric, misses } from './metric.ts'
import { measureOverhead } from './overhead.ts'
import { startRelay, startUpstream } from './procs.ts'
import { updateReadme } from './readme.ts'
import { markdownReport, type Report, textReport } from './report.ts'
import { measureScale } from './scale.ts'
import {
  bootMetrics,
  overheadMetrics,
  scaleMetrics,
  streamMetrics,
  weightMetrics,
} from './sections.ts'
import { measureThroughput, type Throughput } from './throughput.ts'
import { measureAlternatives, measureParley } from './weight.ts'

const readmePath = fileURLToPath(new URL('../../README.md', import.meta.url))
const resultsPath = fileURLToPath(new URL('../results.json', import.meta.url))

const biome = fileURLToPath(new URL('../../node_modules/.bin/biome', import.meta.url))
const formatJson = (path: string) =>
  promisify(execFile)(biome, ['format', '--write', path]).catch(() => undefined)

const started = performance.now()
const metrics: Metric[] = []
const errors: string[] = []
const details: Record<string, unknown> = {}

/** Runs one measurement; a failure is reported (and fails the run) without stopping the others. */
async function step<T>(name: string, run: () => Promise<T>): Promise<T | null> {
  const t = performance.now()
  process.stderr.write(`▸ ${name}… `)
  try {
    const result = await run()
    details[name] = result
    process.stderr.write(`${((performance.now() - t) / 1000).toFixed(1)} s\n`)
    return result
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
    process.stderr.write(`failed: ${message}\n`)
    errors.push(`${name}: ${message}`)
    metrics.push({
      section: name,
      name: 'measured',
      value: null,
      unit: 'count',
      budget: { max: 0 },
      note: message,
    })
    return null
  }
}

/**
 * `--overhead-only`: just the relay-overhead step, measured exactly as in the full run, printed and
 * not written anywhere (no results.json, no README), for iterating on the relay's request path.
 */
if (process.argv.includes('--overhead-only')) {
  const upstream = await startUpstream()
  const relay = await startRelay(upstream)
  try {
    const overhead = await step('Relay overhead', () => measureOverhead(upstream, relay))
    if (overhead) metrics.push(...overheadMetrics(overhead))
  } finally {
    await relay.close()
    await upstream.close()
  }
  const date = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`
  console.log(
    textReport({
      date,
      machine: describeMachine(),
      relayEntry: relay.entry,
      metrics,
      weights: [],
      errors,
    }),
  )
  process.exit(misses(metrics).length > 0 ? 1 : 0)
}

const machine = describeMachine()
const parley = await step('Widget weight', measureParley)
const alternatives = (await step('Alternatives weight', measureAlternatives)) ?? []
if (parley) metrics.push(...weightMetrics(parley))

const upstream = await startUpstream()
const relay = await startRelay(upstream)
try {
  const overhead = await step('Relay overhead', () => measureOverhead(upstream, relay))
  const rates = await step('Relay throughput', () => measureThroughput(relay))
  const browser = await launchChromium()
  const host = await startHostPage(relay.url)
  try {
    const boot = await step('Widget boot', () => measureBoot(browser, host.url, relay.url))
    if (boot) metrics.push(...bootMetrics(boot))
    const fast = await step('Long answer, fast', () =>
      streamOnce(browser, upstream, host.url, relay.url, 'fast'),
    )
    const paced = await step('Long answer, ~100 deltas/s', () =>
      streamOnce(browser, upstream, host.url, relay.url, 'paced'),
    )
    if (paced && fast) metrics.push(...streamMetrics(paced, fast))
  } finally {
    await browser.close()
    await host.close()
  }
  if (overhead) metrics.push(...overheadMetrics(overhead))
  const scale = await step('Relay scale', () => measureScale())
  if (scale) metrics.push(...scaleMetrics(scale, (rates ?? []) as Throughput[]))
} finally {
  await relay.close()
  await upstream.close()
}

const report: Report = {
  date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  machine,
  relayEntry: relay.entry,
  metrics,
  weights: [...(parley ? [parley] : []), ...alternatives],
  errors,
}
console.log(textReport(report))
console.log(`\n(bench took ${((performance.now() - started) / 1000).toFixed(0)} s)`)
await writeFile(
  resultsPath,
  `${JSON.stringify({ ...report, misses: misses(metrics), details }, null, 2)}\n`,
)
// In the repository's own JSON style, so that `pnpm lint` (biome check .) stays green after a run.
await formatJson(resultsPath)
await updateReadme(readmePath, markdownReport(report))
process.exitCode = misses(metrics).length > 0 ? 1 : 0
