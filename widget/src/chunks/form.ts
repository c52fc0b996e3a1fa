/**
 * The form chunk's entry, loaded when the app declares inputs data-inputs does not supply, or an
 * answer waits on a human-input form. The app calls what it registers with its own Preact (see
 * host.ts) and gets both forms' components.
 */

import { registerChunk } from '../handoff.ts'
import { PausedForm } from '../human-input/PausedForm.tsx'
import { StartForm } from '../start-form/StartForm.tsx'
import { bindHost, type HostModules } from './host.ts'

export interface FormChunk {
  StartForm: typeof StartForm
  PausedForm: typeof PausedForm
}

registerChunk((host: HostModules): FormChunk => {
  bindHost(host)
  return { StartForm, PausedForm }
})
