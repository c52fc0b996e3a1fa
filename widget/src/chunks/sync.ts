/** The sync chunk's entry: tabs sharing a session stay in step (loaded for data-persist="browser"). */
import { registerChunk } from '../handoff.ts'
import { syncTabs } from '../history/tab-sync.ts'

registerChunk(syncTabs)
