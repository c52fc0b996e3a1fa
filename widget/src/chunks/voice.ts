/**
 * The voice chunk's entry, loaded when the app has speech-to-text or text-to-speech on: the
 * composer's microphone (the recording made a WAV Dify takes, and turned into text) and the
 * answers' read-aloud button. The app calls what it registers with
 * its own Preact (see host.ts) and gets the component.
 */
import { registerChunk } from '../handoff.ts'
import { Speak } from '../voice/Speak.tsx'
import { VoiceInput } from '../voice/VoiceInput.tsx'
import { bindHost, type HostModules } from './host.ts'

export interface VoiceChunk {
  VoiceInput: typeof VoiceInput
  Speak: typeof Speak
}

registerChunk((host: HostModules): VoiceChunk => {
  bindHost(host)
  return { VoiceInput, Speak }
})
