/**
 * `POST /audio-to-text` and `POST /text-to-audio` (dify-api.md §2.11, §2.12, Part 2 §K), with Dify's
 * quirks: the recording's part Content-Type is compared literally, and `message_id` is looked up
 * with no user filter (any app user's message is spoken).
 */
import { Hono } from 'hono'
import type { EmulatorContext } from './context.ts'
import type { FormEnv } from './form-summary.ts'
import { DifyError, invalidParam, readJson, userFrom } from './http.ts'
import { isUuid } from './state.ts'

/** Dify's `FILE_SIZE_LIMIT` for audio: 30 MB. */
export const AUDIO_MAX_BYTES = 30 * 1024 * 1024
const AUDIO_TYPES = ['mp3', 'm4a', 'wav', 'amr', 'mpga'].map((ext) => `audio/${ext}`)

/** One MPEG-1 Layer III frame (128 kbit/s, 44.1 kHz: 417 bytes) of silence. */
function mp3Frame(): Uint8Array {
  const frame = new Uint8Array(417)
  frame.set([0xff, 0xfb, 0x90, 0x64])
  return frame
}

export function audioRoutes(ctx: EmulatorContext): Hono<FormEnv> {
  const app = new Hono<FormEnv>()

  app.post('/audio-to-text', (c) => {
    if (!ctx.app.speechToText) throw invalidParam('Speech to text is not enabled')
    const form = c.env.form ?? []
    const entry = form.find((e) => e.field === 'file')
    if (!entry || !('file' in entry)) {
      throw new DifyError(400, 'no_audio_uploaded', 'Please upload your audio.')
    }
    if (!AUDIO_TYPES.includes(entry.file.type)) {
      throw new DifyError(415, 'unsupported_audio_type', 'Audio type not allowed.')
    }
    if (entry.file.size > AUDIO_MAX_BYTES) {
      throw new DifyError(413, 'audio_too_large', 'Audio size larger than 30 mb')
    }
    return c.json({ text: ctx.transcript(entry.file) })
  })

  app.post('/text-to-audio', async (c) => {
    const body = await readJson(c)
    userFrom(body.user, false)
    const id = typeof body.message_id === 'string' ? body.message_id : null
    let text = typeof body.text === 'string' ? body.text : ''
    if (id !== null) {
      // Dify: `db.session.get(Message, message_id)`, no app, user or tenant filter.
      const message = isUuid(id) ? ctx.state.messages.get(id.toLowerCase()) : undefined
      if (!message || (message.answer === '' && message.status === 'normal')) return c.json(null)
      text = message.answer
    }
    if (body.voice === undefined && !ctx.app.textToSpeech) throw invalidParam('TTS is not enabled')
    if (!text) return c.json(null)
    const frames = Math.min(8, 1 + Math.floor(text.length / 40))
    const frame = mp3Frame()
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ === frames) controller.close()
        else controller.enqueue(frame)
      },
    })
    return c.body(stream, 200, { 'Content-Type': 'audio/mpeg' })
  })

  return app
}
