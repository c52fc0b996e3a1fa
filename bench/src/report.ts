/** The printed tables and the README section, from one run's results. */
import { describeLine, type Machine } from './machine.ts'
import { formatValue, type Metric, misses } from './metric.ts'
import { METRIC_HEADER, markdownTable, metricRows, type Row, textTable } from './table.ts'
import { ALTERNATIVES, type ParleyWeights, type Weight } from './weight.ts'

export interface Report {
  date: string
  machine: Machine
  relayEntry: string
  metrics: Metric[]
  /** Null when the widget's build could not be measured. */
  parley: ParleyWeights | null
  alternatives: Weight[]
  /** Extra lines under the tables (e.g. where the streaming time goes). */
  notes?: string[]
  errors: string[]
}

export const WEIGHT_HEADER: Row = [
  'widget',
  'files',
  'raw',
  'gzip',
  'brotli',
  '× Parley page view',
  '× Parley chat',
]

const ratio = (brotli: number, parley: number) =>
  parley > 0 ? `${(brotli / parley).toFixed(1)}×` : '–'

/**
 * Parley file by file (the loader every page view pays, the app a visitor who shows intent adds,
 * lazy chunks), then each alternative beside Parley's page view (loader) and chat (loader + app).
 */
/** When the app loads each lazy chunk. */
const LAZY_WHEN: Record<string, string> = {
  math: 'when an answer may hold math',
  strings: 'on pages not in English',
  history: 'when the visitor opens their conversations',
  sync: 'with data-persist="browser" (tabs in step)',
}

export function weightRows(parley: ParleyWeights | null, alternatives: readonly Weight[]): Row[] {
  const pageView = parley?.loader.brotli ?? 0
  const chat = parley ? parley.loader.brotli + parley.app.brotli : 0
  const sizes = (w: { raw: number; gzip: number; brotli: number }) => [
    formatValue(w.raw, 'B'),
    formatValue(w.gzip, 'B'),
    formatValue(w.brotli, 'B'),
  ]
  const rows: Row[] = []
  if (parley) {
    const { loader, app, lazy, version } = parley
    const both = {
      raw: loader.raw + app.raw,
      gzip: loader.gzip + app.gzip,
      brotli: loader.brotli + app.brotli,
    }
    rows.push(
      [`parley@${version} page view`, `${loader.files[0]}: loader`, ...sizes(loader), '1.0×', ''],
      [`parley@${version} on intent`, `${app.files[0]}: chat app`, ...sizes(app), '', ''],
      [`parley@${version} chat`, 'loader + app', ...sizes(both), '', '1.0×'],
      ...lazy.map(
        (l): Row => [
          `parley@${version} lazy`,
          `${l.files[0]}: only ${LAZY_WHEN[l.chunk] ?? `when ${l.chunk} is needed`}`,
          ...sizes(l),
          '',
          '',
        ],
      ),
    )
  }
  for (const w of alternatives) {
    if (w.skipped) {
      rows.push([w.name, w.files.join(' + '), '–', '–', '–', `skipped: ${w.skipped}`, ''])
      continue
    }
    const how = ALTERNATIVES.find((a) => a.name === w.name)?.how
    rows.push([
      `${w.name}@${w.version}`,
      `${w.files.join(' + ')}${how ? `: ${how}` : ''}`,
      ...sizes(w),
      ratio(w.brotli, pageView),
      ratio(w.brotli, chat),
    ])
  }
  return rows
}

const HONESTY =
  'The relay runs as its own process (the real Node entry), the test upstream as another, the load ' +
  'generator in the bench process and Chromium in its own: on this 2-core machine they compete for the ' +
  'same two cores, so the relay figures are a floor for a real server, not a ceiling. The relay runs with its ' +
  'default settings (`LOG_LEVEL=info`, one JSON line per request) except rate limits raised so that ' +
  'the limiter runs but never refuses the load generator. The widget runs in Chromium with tracing on ' +
  '(the streaming profile adds a sampling profiler and a readable build of the app, so it is slower ' +
  'than the budgeted runs it explains); "busy" is wall time inside main-thread tasks, which on a ' +
  'loaded machine includes waits for a core, the thread CPU time beside it does not. The bench copies ' +
  'the fresh build (relay/dist/node.js and widget/dist) when it starts and runs the relay from the ' +
  'copy, so a rebuild in the repository during the run cannot change what is measured.'

export function textReport(r: Report): string {
  const lines = [
    `Parley bench — ${r.date}`,
    `Machine: ${describeLine(r.machine)}; ulimit -n ${r.machine.openFiles}`,
    `Relay: ${r.relayEntry}`,
    '',
    textTable(METRIC_HEADER, metricRows(r.metrics)),
    '',
    'Widget weight vs alternatives (each file compressed on its own; gzip -9, brotli q11; the',
    'alternatives load their bundle on every page view, Parley its loader, and the app on intent):',
    textTable(WEIGHT_HEADER, weightRows(r.parley, r.alternatives)),
    '',
    ...(r.notes?.length ? [...r.notes, ''] : []),
    HONESTY,
  ]
  for (const e of r.errors) lines.push(`ERROR ${e}`)
  const missed = misses(r.metrics)
  lines.push('', missed.length ? `Budgets missed (${missed.length}):` : 'Every budget held.')
  for (const m of missed) lines.push(`  ✗ ${m}`)
  return lines.join('\n')
}

export function markdownReport(r: Report): string {
  const missed = misses(r.metrics)
  return [
    '_Generated by `npx -y pnpm@10.34.9 bench` (bench/); do not edit by hand._',
    '',
    `Last run ${r.date} on ${describeLine(r.machine)}. Relay: \`${r.relayEntry}\`.`,
    '',
    markdownTable(METRIC_HEADER, metricRows(r.metrics)),
    '',
    'Widget weight beside alternatives (each file compressed on its own; the alternatives load their ' +
      "bundle on every page view, Parley its loader, and the chat app on the visitor's first sign of intent):",
    '',
    markdownTable(WEIGHT_HEADER, weightRows(r.parley, r.alternatives)),
    '',
    ...(r.notes?.length ? [...r.notes, ''] : []),
    HONESTY,
    '',
    missed.length
      ? `**Budgets missed in this run:**\n\n${missed.map((m) => `- ${m}`).join('\n')}`
      : 'Every budget held in this run.',
    ...(r.errors.length ? ['', ...r.errors.map((e) => `- Error: ${e}`)] : []),
  ].join('\n')
}
