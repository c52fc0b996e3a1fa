/**
 * The composer's microphone: press to record, press again to stop; the words go into the composer
 * for the visitor to check and send. Part of the voice chunk, which the app loads when the app has
 * speech-to-text on; it renders with the app's Preact (chunks/host.ts).
 */
import { useEffect, useRef, useState } from 'preact/hooks'
import { COMPOSER_NOTE_CSS } from '../chunks/composer-note.ts'
import { useSheet } from '../chunks/use-sheet.ts'
import type { ChatError } from '../stores/message.ts'
import { errorText } from '../ui/error-text.ts'
import { Svg } from '../ui/Icon.tsx'
import type { Widget } from '../ui/widget-context.ts'
import { type Recording, startRecording } from './recorder.ts'
import { voiceStrings } from './strings.ts'
import { transcribe } from './transcribe.ts'

const MIC = 'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM5 11a7 7 0 0 0 14 0m-7 7v3'

const VOICE_CSS = `${COMPOSER_NOTE_CSS}
.mic{align-self:center}
.mic[aria-pressed=true]{color:var(--er)}`

export interface VoiceInputProps {
  widget: Pick<Widget, 'view' | 'relay'>
  /** The words heard, for the composer. */
  onText(text: string): void
}

export function VoiceInput({ widget, onText }: VoiceInputProps) {
  const { view, relay } = widget
  const s = voiceStrings(view.lang)
  const [recording, setRecording] = useState(false)
  const [note, setNote] = useState('')
  const live = useRef<Recording | null>(null)
  const button = useRef<HTMLButtonElement>(null)
  useSheet(button, VOICE_CSS)
  useEffect(() => () => live.current?.cancel(), [])
  const fail = (e: unknown) => {
    // A RecordingError's code, else the relay's error (as a failed answer words it).
    const code = (e as { code?: string } | null)?.code
    setNote(code && code in s ? s[code as keyof typeof s] : errorText(e as ChatError, view))
  }

  const finish = async (r: Recording) => {
    // The first of the visitor's press and the time limit.
    if (live.current !== r) return
    live.current = null
    setRecording(false)
    setNote(s.transcribing)
    try {
      const wav = await r.stop()
      // 44 bytes: a WAV header, nothing recorded.
      const text = wav.size > 44 ? (await transcribe(relay.request, wav)).trim() : ''
      setNote(text ? '' : s.nothing)
      if (text) onText(text)
    } catch (e) {
      fail(e)
    }
  }
  const start = async () => {
    try {
      const r = await startRecording({ onAutoStop: () => finish(r) })
      live.current = r
      setRecording(true)
      setNote(s.recording)
    } catch (e) {
      fail(e)
    }
  }
  return (
    <>
      <button
        type="button"
        ref={button}
        class="ib mic"
        data-parley="voice"
        aria-label={view.t.voice}
        aria-pressed={recording}
        onClick={() => (live.current ? finish(live.current) : start())}
      >
        <Svg d={MIC} />
      </button>
      <p class="vn" role="status">
        {note}
      </p>
    </>
  )
}
