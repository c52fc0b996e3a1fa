/**
 * An answer's "read aloud" button (the app has text-to-speech on): Dify speaks it through the
 * relay, and it plays as it arrives; pressed again, it stops. With Dify's autoPlay on, an answer
 * that has just arrived starts by itself (a browser may refuse to play before the visitor has
 * interacted with the page: the button then waits for a press). Part of the voice chunk.
 */
import { ROUTES } from '@parley/shared'
import { useEffect, useRef, useState } from 'preact/hooks'
import type { ChatMessage } from '../stores/message.ts'
import { Svg } from '../ui/Icon.tsx'
import type { Widget } from '../ui/widget-context.ts'
import { playStream } from './play.ts'
import { voiceStrings } from './strings.ts'

const SPEAKER = 'M11 5 6 9H3v6h3l5 4zm4 4a4 4 0 0 1 0 6m3-9a8 8 0 0 1 0 12'

export interface SpeakProps {
  widget: Pick<Widget, 'view' | 'relay' | 'session'>
  message: ChatMessage
  /** Start reading at once. */
  auto: boolean
}

export function Speak({ widget, message, auto }: SpeakProps) {
  const { view, relay, session } = widget
  const s = voiceStrings(view.lang)
  const [state, setState] = useState<'idle' | 'loading' | 'playing' | 'failed'>('idle')
  const audio = useRef<HTMLAudioElement>(null)
  const url = useRef('')
  const reset = () => {
    audio.current?.pause()
    URL.revokeObjectURL(url.current)
  }
  useEffect(() => {
    if (auto) void play()
    return reset
  }, [])

  async function play() {
    const el = audio.current
    const conversationId = session.$session.get().conversationId
    if (!el || !message.messageId || !conversationId) return
    reset()
    setState('loading')
    try {
      const res = await relay.raw(ROUTES.messageAudio(message.messageId), {
        method: 'POST',
        body: JSON.stringify({ conversationId }),
      })
      await playStream(res, el, (u) => {
        url.current = u
      })
    } catch (e) {
      // The browser's autoplay policy: the visitor can still press.
      setState((e as Error | null)?.name === 'NotAllowedError' ? 'idle' : 'failed')
    }
  }
  const playing = state === 'playing'
  return (
    <>
      <button
        type="button"
        class="ib"
        data-parley="speak"
        aria-label={playing ? s.stopReading : s.read}
        aria-pressed={playing}
        aria-busy={state === 'loading'}
        onClick={() => {
          if (!playing) void play()
          else {
            reset()
            setState('idle')
          }
        }}
      >
        <Svg d={SPEAKER} />
      </button>
      {/* biome-ignore lint/a11y/useMediaCaption: it speaks the answer shown above it, its transcript */}
      <audio
        ref={audio}
        hidden
        onPlaying={() => setState('playing')}
        onEnded={() => setState('idle')}
      />
      {state === 'failed' && (
        <span class="err" role="alert">
          {s.readFailed}
        </span>
      )}
    </>
  )
}
