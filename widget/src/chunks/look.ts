/**
 * The look chunk's entry, loaded when the owner set a disclaimer, copyright, privacy link or answer
 * icon (in Dify or by data attribute), or an answer has citations: the footer under the composer,
 * the answer icon, and an answer's sources. The app calls what it registers with its own Preact
 * (see host.ts) and gets the components.
 */
import { registerChunk } from '../handoff.ts'
import { Look } from '../look/Look.tsx'
import { Sources } from '../look/Sources.tsx'
import { bindHost, type HostModules } from './host.ts'

export interface LookChunk {
  Look: typeof Look
  Sources: typeof Sources
}

registerChunk((host: HostModules): LookChunk => {
  bindHost(host)
  return { Look, Sources }
})
