/**
 * The look chunk's entry, loaded when the owner set a disclaimer, copyright, privacy link or answer
 * icon (in Dify or by data attribute), an answer has citations, the app asks the visitor to sign
 * in, or the tag has a teaser: the footer under the composer, the answer icon, an answer's sources,
 * the sign-in prompt, the teaser. The app calls what it registers with its own Preact (see host.ts)
 * and gets the components.
 */
import { registerChunk } from '../handoff.ts'
import { Look } from '../look/Look.tsx'
import { SignIn } from '../look/SignIn.tsx'
import { Sources } from '../look/Sources.tsx'
import { Teaser } from '../look/Teaser.tsx'
import { bindHost, type HostModules } from './host.ts'

export interface LookChunk {
  Look: typeof Look
  Sources: typeof Sources
  SignIn: typeof SignIn
  Teaser: typeof Teaser
}

registerChunk((host: HostModules): LookChunk => {
  bindHost(host)
  return { Look, Sources, SignIn, Teaser }
})
