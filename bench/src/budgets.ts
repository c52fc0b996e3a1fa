/** design.md "Budgets", as numbers; the widget as widget/src/size.test.ts checks it (15,000 B, the stricter reading of 15 KB). */
export const BUDGETS = {
  widgetBrotli: { max: 15_000 },
  bootLongestTaskMs: { max: 50 },
  bootCls: { max: 0 },
  foreignRequests: { max: 0 },
  /** The bench's own: time per delta in the last quarter ≤ 2× the first ("roughly linear"). */
  renderLinearity: { max: 2 },
  addedFirstEventMs: { max: 2 },
  streamRatio: { max: 1.15 },
  openStreams: { min: 2000 },
  streamErrors: { max: 0 },
  idleRssBytes: { max: 80 * 1024 * 1024 },
} as const
