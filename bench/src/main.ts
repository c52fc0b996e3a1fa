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
import { measureClick } from './browser/click.ts'
import { startFloorScript } from './browser/floor.ts'
import { startHostPage } from './browser/host-page.ts'
import { profileStream } from './browser/profile.ts'
import { measurePaced, streamOnce } from './browser/stream.ts'
import { measureCompletionOverhead } from './completion-overhead.ts'
import { describeMachine } from './machine.ts'
import { type Metric, misses } from './metric.ts'
import { measureOverhead } from './overhead.ts'
import { freezeBuild, type Relay, startRelay, startUpstream, type Upstream } from './procs.ts'
import { updateReadme } from './readme.ts'
import { markdownReport, type Report, textReport } from './report.ts'
import { measureScale } from './scale.ts'
import {
  bootMetrics,
  clickMetrics,
  completionOverheadMetrics,
  floorMetrics,
  overheadMetrics,
  profileMetrics,
  profileNotes,
  scaleMetrics,
  streamMetrics,
  weightMetrics,
} from './sections.ts'
import { measureThroughput, type Throughput } from './throughput.ts'
import {
  measureAlternatives,
  measureParley,
  type ParleyWeights,
  readManifest,
  WIDGET_DIST,
} from './weight.ts'

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

const date = () => `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`
const argAfter = (flag: string) => {
  const at = process.argv.indexOf(flag)
  return at >= 0 ? process.argv[at + 1] : undefined
}
/** `--save-profile <dir>`: keep the streaming profile's trace and CPU profile, for DevTools. */
const saveProfile = argAfter('--save-profile')

/** A partial run's report: printed, not written anywhere; exits non-zero on a missed budget. */
function printPartial(
  relayEntry: string,
  parley: ParleyWeights | null,
  notes: string[] = [],
): never {
  console.log(
    textReport({
      date: date(),
      machine: describeMachine(),
      relayEntry,
      metrics,
      parley,
      alternatives: [],
      notes,
      errors,
    }),
  )
  process.exit(misses(metrics).length > 0 ? 1 : 0)
}

/**
 * `--overhead-only`: just the relay-overhead steps (chat, then completion), measured exactly as in
 * the full run, printed and not written anywhere (no results.json, no README), for iterating on
 * the relay's request path.
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
  const completion = await step('Relay overhead, completion', () => measureCompletionOverhead())
  if (completion) metrics.push(...completionOverheadMetrics(completion))
  printPartial(relay.entry, null)
}

/**
 * `--scale-only`: just the relay-scale step (its own relay and upstream), measured exactly as in
 * the full run, printed and not written anywhere, for iterating on the relay's memory per stream.
 */
if (process.argv.includes('--scale-only')) {
  const scale = await step('Relay scale', () => measureScale())
  if (scale) metrics.push(...scaleMetrics(scale, []))
  printPartial(scale?.relayEntry ?? 'relay', null)
}

/** The widget in Chromium: page view, click → panel, streaming, and where streaming time goes. */
async function measureWidget(upstream: Upstream, relay: Relay, dist: string): Promise<string[]> {
  const browser = await launchChromium()
  const host = await startHostPage(relay.url)
  const notes: string[] = []
  try {
    const boot = await step('Page view', () => measureBoot(browser, host.url, relay.url))
    if (boot) metrics.push(...bootMetrics(boot))
    const floor = await step('Page view, floor', async () => {
      const script = await startFloorScript()
      const page = await startHostPage(script.origin)
      try {
        return await measureBoot(browser, page.url, script.origin)
      } finally {
        await page.close()
        await script.close()
      }
    })
    if (floor) metrics.push(...floorMetrics(floor, boot))
    const prefetched = await step('Click → panel, prefetched', () =>
      measureClick(browser, host.url, relay.url, 'prefetched'),
    )
    const cold = await step('Click → panel, cold', () =>
      measureClick(browser, host.variant({ preload: 'click' }), relay.url, 'cold'),
    )
    metrics.push(...clickMetrics(prefetched, cold))
    const fast = await step('Long answer, fast', () =>
      streamOnce(browser, upstream, host.url, relay.url, 'fast'),
    )
    const paced = await step('Long answer, ~100 deltas/s', () =>
      measurePaced(browser, upstream, host.url, relay.url),
    )
    metrics.push(...streamMetrics(paced, fast))
    const profile = await step('Long answer, profiled', async () =>
      profileStream(browser, upstream, host.url, relay.url, await readManifest(dist), saveProfile),
    )
    if (profile) {
      metrics.push(...profileMetrics(profile))
      notes.push(...profileNotes(profile))
    }
  } finally {
    await browser.close()
    await host.close()
  }
  return notes
}

/**
 * `--widget-only`: the widget's weights and browser measurements, printed and not written anywhere,
 * for iterating on the widget.
 */
if (process.argv.includes('--widget-only')) {
  const dist = (await freezeBuild()) ?? WIDGET_DIST
  const parley = await step('Widget weight', () => measureParley(dist))
  if (parley) metrics.push(...weightMetrics(parley))
  const upstream = await startUpstream()
  const relay = await startRelay(upstream)
  let notes: string[] = []
  try {
    notes = await measureWidget(upstream, relay, dist)
  } finally {
    await relay.close()
    await upstream.close()
  }
  printPartial(relay.entry, parley ?? null, notes)
}

const machine = describeMachine()
const dist = (await freezeBuild()) ?? WIDGET_DIST
const parley = await step('Widget weight', () => measureParley(dist))
const alternatives = (await step('Alternatives weight', measureAlternatives)) ?? []
if (parley) metrics.push(...weightMetrics(parley))

const upstream = await startUpstream()
const relay = await startRelay(upstream)
let notes: string[] = []
try {
  const overhead = await step('Relay overhead', () => measureOverhead(upstream, relay))
  const completion = await step('Relay overhead, completion', () => measureCompletionOverhead())
  const rates = await step('Relay throughput', () => measureThroughput(relay))
  notes = await measureWidget(upstream, relay, dist)
  if (overhead) metrics.push(...overheadMetrics(overhead))
  if (completion) metrics.push(...completionOverheadMetrics(completion))
  const scale = await step('Relay scale', () => measureScale())
  if (scale) metrics.push(...scaleMetrics(scale, (rates ?? []) as Throughput[]))
} finally {
  await relay.close()
  await upstream.close()
}

const report: Report = {
  date: date(),
  machine,
  relayEntry: relay.entry,
  metrics,
  parley,
  alternatives,
  notes,
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
