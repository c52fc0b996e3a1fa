/** A measured figure, its budget from design.md ("Budgets"), and how it fared. */

export type Unit =
  | 'B'
  /** Bytes, exactly (as the widget's budgets are written): `3,072 B`. */
  | 'bytes'
  | 'ms'
  | 'x'
  | 'MB'
  | 'req/s'
  | 'count'
  | 'streams'
  | '%'
  | 'score'
  | 'yes/no'

export interface Budget {
  /** The figure must be at most this (inclusive). */
  max?: number
  /** The figure must be at least this (inclusive). */
  min?: number
}

export interface Metric {
  section: string
  name: string
  /** null: not measured (see `note`). */
  value: number | null
  unit: Unit
  budget?: Budget
  note?: string
}

export type Status = 'ok' | 'MISS' | 'info' | 'n/a'

export function statusOf(metric: Metric): Status {
  if (!metric.budget) return metric.value === null ? 'n/a' : 'info'
  if (metric.value === null || Number.isNaN(metric.value)) return 'MISS'
  const { max, min } = metric.budget
  if (max !== undefined && metric.value > max) return 'MISS'
  if (min !== undefined && metric.value < min) return 'MISS'
  return 'ok'
}

const KB = 1024
const MB = 1024 * 1024

/** A figure for people: bytes as B/KB (1 KB = 1024 B, as the size test counts), ms to 0.01. */
export function formatValue(value: number | null, unit: Unit): string {
  if (value === null || Number.isNaN(value)) return '–'
  switch (unit) {
    case 'B':
      return value < KB ? `${value} B` : `${(value / KB).toFixed(1)} KB`
    case 'bytes':
      return `${Math.round(value).toLocaleString('en-US')} B`
    case 'MB':
      return `${(value / MB).toFixed(1)} MB`
    case 'ms':
      return value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(value < 100 ? 1 : 0)} ms`
    case 'x':
      return `${value.toFixed(2)}×`
    case '%':
      return `${value.toFixed(1)} %`
    case 'req/s':
      return `${Math.round(value).toLocaleString('en-US')} req/s`
    case 'streams':
      return `${Math.round(value).toLocaleString('en-US')} streams`
    case 'yes/no':
      return value ? 'yes' : 'no'
    case 'score':
      return value.toFixed(4)
    default:
      return `${Math.round(value * 100) / 100}`
  }
}

export function formatBudget(metric: Metric): string {
  const budget = metric.budget
  if (!budget) return ''
  const parts: string[] = []
  if (budget.max !== undefined) parts.push(`≤ ${formatValue(budget.max, metric.unit)}`)
  if (budget.min !== undefined) parts.push(`≥ ${formatValue(budget.min, metric.unit)}`)
  return parts.join(', ')
}

/** The metrics that missed their budget, as one line each. */
export function misses(metrics: readonly Metric[]): string[] {
  return metrics
    .filter((m) => statusOf(m) === 'MISS')
    .map(
      (m) =>
        `${m.section} › ${m.name}: ${formatValue(m.value, m.unit)} (budget ${formatBudget(m)})${m.note ? ` — ${m.note}` : ''}`,
    )
}
