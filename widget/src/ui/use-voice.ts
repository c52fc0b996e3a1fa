import { useStore } from '@nanostores/preact'
import { useEffect, useState } from 'preact/hooks'
import type { VoiceChunk } from '../chunks/voice.ts'
import { useWidget } from './widget-context.ts'

/** The voice chunk once it is here, when the app has speech-to-text or text-to-speech on. */
export function useVoice(): VoiceChunk | null {
  const { view, appInfo } = useWidget()
  const features = useStore(appInfo.$appInfo).info?.features
  const on = features?.speechToText || features?.textToSpeech
  const [voice, setVoice] = useState<VoiceChunk | null>(null)
  useEffect(() => {
    if (on) {
      view.voice?.().then(setVoice, () => console.warn('[parley] voice input failed to load'))
    }
  }, [on])
  return voice
}
