/**
 * The form chunk's entry, loaded when the app declares inputs data-inputs does not supply. The app
 * calls what it registers with its own Preact (see host.ts) and gets the start form's component.
 */
import { registerChunk } from '../handoff.ts'
import { StartForm } from '../start-form/StartForm.tsx'
import { bindHost, type HostModules } from './host.ts'

registerChunk((host: HostModules) => {
  bindHost(host)
  return StartForm
})
