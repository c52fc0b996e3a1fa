/**
 * The generate chunk's entry, loaded when the app is a text generator or a workflow (or the page
 * calls Parley.generate): the generator's store and panel. The app calls what it registers with its
 * own Preact (see host.ts), then once with the widget and the app parts the panel renders with.
 */
import { makeGeneration } from '../generate/generation.tsx'
import { registerChunk } from '../handoff.ts'
import { bindHost, type HostModules } from './host.ts'

export type GenerateChunk = typeof makeGeneration

registerChunk((host: HostModules): GenerateChunk => {
  bindHost(host)
  return makeGeneration
})
