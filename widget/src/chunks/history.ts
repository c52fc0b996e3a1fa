/**
 * The history chunk's entry, loaded when the visitor first opens their conversations. The app
 * calls what it registers with its own Preact (see host.ts) and gets the view's component.
 */
import { registerChunk } from '../handoff.ts'
import { History } from '../history/History.tsx'
import { bindHost, type HostModules } from './host.ts'

registerChunk((host: HostModules) => {
  bindHost(host)
  return History
})
