/** design.md "Budgets", as numbers (1 KB = 1024 B, as widget/src/size.test.ts counts). */
export const BUDGETS = {
  widgetBrotli: { max: 15 * 1024 },
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
