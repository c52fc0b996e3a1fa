/**
 * The page chunk's entry: the two small pieces that watch the page around the widget, in one file
 * (each chunk costs the app its SRI hash): the focus guard of the open bubble (WCAG 2.4.11), loaded
 * when it first opens, and tab sync for data-persist="browser", loaded as the app starts there.
 */
import { registerChunk } from '../handoff.ts'
import { syncTabs } from '../history/tab-sync.ts'
import { guardFocus } from '../ui/focus-guard.ts'

export interface PageChunk {
  guardFocus: typeof guardFocus
  syncTabs: typeof syncTabs
}

registerChunk({ guardFocus, syncTabs } satisfies PageChunk)
