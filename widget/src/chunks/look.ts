/**
 * The look chunk's entry, loaded when the owner set a disclaimer, copyright, privacy link or answer
 * icon (in Dify or by data attribute): the footer under the composer and the answer icon. The app
 * calls what it registers with its own Preact (see host.ts) and gets the component.
 */
import { registerChunk } from '../handoff.ts'
import { Look } from '../look/Look.tsx'
import { bindHost, type HostModules } from './host.ts'

export type LookChunk = typeof Look

registerChunk((host: HostModules): LookChunk => {
  bindHost(host)
  return Look
})
