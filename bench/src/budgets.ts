/**
 * design.md "Budgets", as numbers. The widget's weights are read strictly, as widget/src/size.test.ts
 * checks them: the loader 3,072 B brotli, the app "40 KB" as 40,000 B brotli.
 */
export const BUDGETS = {
  /** Every page view: widget.js. */
  loaderBrotli: { max: 3_072 },
  /** Everything loaded on intent (the app chunk, markdown included); lazy chunks are reported apart. */
  appBrotli: { max: 40_000 },
  /** Before the first interaction: no request but widget.js, no storage write. */
  requestsBesidesLoader: { max: 0 },
  storageWrites: { max: 0 },
  /** Script start → launcher visible, median. */
  pageViewMainThreadMs: { max: 5 },
  /** "No long task" (the Long Tasks API's 50 ms). */
  pageViewLongestTaskMs: { max: 50 },
  pageViewCls: { max: 0 },
  foreignRequests: { max: 0 },
  /** Click → panel visible, loopback. */
  clickPrefetchedMs: { max: 100 },
  clickColdMs: { max: 400 },
  /** A 20 KB markdown answer at ~100 deltas/s. */
  streamBusyPercent: { max: 10 },
  streamLongestTaskMs: { max: 16 },
  /** Main-thread ms per delta, last quarter / first quarter ("flat"). */
  streamLinearity: { max: 1.5 },
  addedFirstEventMs: { max: 2 },
  streamRatio: { max: 1.15 },
  openStreams: { min: 8_000 },
  streamErrors: { max: 0 },
  rssPerStreamBytes: { max: 40 * 1024 },
  idleRssBytes: { max: 60 * 1024 * 1024 },
} as const
