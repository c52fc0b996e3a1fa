/** Tables for the terminal (aligned columns) and for the README (markdown). */
import { formatBudget, formatValue, type Metric, statusOf } from './metric.ts'

export type Row = readonly string[]

const width = (text: string) => [...text].length

/** Left-aligned columns separated by two spaces, with a rule under the header. */
export function textTable(header: Row, rows: readonly Row[]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))))
  const line = (row: Row) =>
    row
      .map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - width(cell)))
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

const escapeCell = (cell: string) => cell.replaceAll('|', '\\|')

export function markdownTable(header: Row, rows: readonly Row[]): string {
  const line = (row: Row) => `| ${row.map(escapeCell).join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

export const METRIC_HEADER: Row = ['section', 'metric', 'value', 'budget', 'status']

export function metricRows(metrics: readonly Metric[]): Row[] {
  return metrics.map((m) => [
    m.section,
    m.note ? `${m.name} (${m.note})` : m.name,
    formatValue(m.value, m.unit),
    formatBudget(m),
    statusOf(m),
  ])
}
