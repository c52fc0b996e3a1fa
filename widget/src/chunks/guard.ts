/** The guard chunk's entry: focus on the page never hidden under the open panel (ui/focus-guard.ts). */
import { registerChunk } from '../handoff.ts'
import { guardFocus } from '../ui/focus-guard.ts'

registerChunk(guardFocus)
