/**
 * The attach chunk's entry, loaded when the app takes files: the composer's attachments. The app
 * calls what it registers with its own Preact (see host.ts) and gets the component.
 */
import { Attach } from '../attach/Attach.tsx'
import { registerChunk } from '../handoff.ts'
import { bindHost, type HostModules } from './host.ts'

export interface AttachChunk {
  Attach: typeof Attach
}

registerChunk((host: HostModules): AttachChunk => {
  bindHost(host)
  return { Attach }
})
