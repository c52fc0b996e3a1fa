/** Small pure statistics for bench samples. */

/** The q-quantile (0..1) of `values` with linear interpolation between ranks; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(Math.max(q, 0), 1) * (sorted.length - 1)
  const low = Math.floor(rank)
  const high = Math.ceil(rank)
  const a = sorted[low] ?? Number.NaN
  const b = sorted[high] ?? Number.NaN
  return a + (b - a) * (rank - low)
}

export const median = (values: readonly number[]): number => quantile(values, 0.5)

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  return values.reduce((sum, v) => sum + v, 0) / values.length
}

export function max(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : Math.max(...values)
}

/** Element-wise differences `b[i] - a[i]` of paired samples (interleaved runs). */
export function pairedDifferences(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.min(a.length, b.length)
  return Array.from({ length: n }, (_, i) => (b[i] ?? 0) - (a[i] ?? 0))
}

/** Splits `values` into `parts` consecutive slices of (nearly) equal length. */
export function slices<T>(values: readonly T[], parts: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < parts; i++) {
    out.push(
      values.slice(
        Math.round((i * values.length) / parts),
        Math.round(((i + 1) * values.length) / parts),
      ),
    )
  }
  return out
}
