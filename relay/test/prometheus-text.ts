/**
 * A strict reader of Prometheus' text exposition format (0.0.4), for tests that scrape `/metrics`:
 * `# HELP` / `# TYPE` lines and samples `name{label="value",…} value [timestamp]`. Anything else
 * throws, so a test also checks that the scrape is well formed.
 */

export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

export interface Exposition {
  samples: Sample[]
  /** Metric family → counter, gauge, histogram, summary or untyped. */
  types: Map<string, string>
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped'])

function number(text: string, line: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY
  if (text === '-Inf') return Number.NEGATIVE_INFINITY
  if (text === 'NaN') return Number.NaN
  const n = Number(text)
  if (text === '' || Number.isNaN(n)) throw new Error(`bad value in: ${line}`)
  return n
}

/** `{a="1",b="x\"y"}` from the start of `rest`: the labels and what follows them. */
function readLabels(rest: string, line: string): [Record<string, string>, string] {
  const labels: Record<string, string> = {}
  let at = 1
  const fail = () => new Error(`bad labels in: ${line}`)
  while (rest[at] !== '}') {
    const name = LABEL_NAME.exec(rest.slice(at))?.[0]
    if (!name || rest.slice(at + name.length, at + name.length + 2) !== '="') throw fail()
    at += name.length + 2
    let value = ''
    for (;;) {
      const ch = rest[at++]
      if (ch === undefined || ch === '\n') throw fail()
      if (ch === '"') break
      if (ch === '\\') {
        const escaped = rest[at++]
        if (escaped === 'n') value += '\n'
        else if (escaped === '\\' || escaped === '"') value += escaped
        else throw fail()
      } else value += ch
    }
    if (name in labels) throw fail()
    labels[name] = value
    if (rest[at] === ',') at++
    else if (rest[at] !== '}') throw fail()
  }
  return [labels, rest.slice(at + 1)]
}

export function parsePrometheusText(text: string): Exposition {
  const samples: Sample[] = []
  const types = new Map<string, string>()
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    if (line.startsWith('#')) {
      const [, keyword, name, rest] = /^#\s+(\S+)\s+(\S+)\s*(.*)$/.exec(line) ?? []
      if (keyword === 'TYPE') {
        if (!name || !TYPES.has(rest ?? '') || types.has(name)) throw new Error(`bad: ${line}`)
        types.set(name, rest ?? '')
      } else if (keyword === 'HELP' && !name) throw new Error(`bad: ${line}`)
      continue
    }
    const name = NAME.exec(line)?.[0]
    if (!name) throw new Error(`bad sample: ${line}`)
    let rest = line.slice(name.length)
    let labels: Record<string, string> = {}
    if (rest.startsWith('{')) [labels, rest] = readLabels(rest, line)
    const [value, timestamp, extra] = rest.trim().split(/\s+/)
    if (!rest.startsWith(' ') || value === undefined || extra !== undefined) {
      throw new Error(`bad sample: ${line}`)
    }
    if (timestamp !== undefined && !/^-?\d+$/.test(timestamp)) throw new Error(`bad: ${line}`)
    samples.push({ name, labels, value: number(value, line) })
  }
  return { samples, types }
}

/** The sum of the samples named `name` whose labels include `labels` (0 when there are none). */
export function sumOf(
  exposition: Exposition,
  name: string,
  labels: Record<string, string> = {},
): number {
  return exposition.samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0)
}
