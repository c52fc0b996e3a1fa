/**
 * Voice in and out (design.md "Conversation features"): `POST /audio` → Dify `/audio-to-text`, and
 * `POST /messages/:id/audio` → Dify `/text-to-audio`, each only when the app has the feature on.
 *
 * Dify's `/text-to-audio` looks `message_id` up with no user filter (dify-api.md Part 2 §K), so the
 * relay first finds the message among the visitor's own messages of the conversation the widget
 * names (`GET /messages` is scoped by user): another visitor's message id is a 404, and Dify's
 * `/text-to-audio` never hears of it.
 */
import type { MessageAudioRequest, TranscriptResponse } from '@parley/shared'
import { Hono } from 'hono'
import type { DifyClient } from '../dify/client.ts'
import { DifyError } from '../dify/errors.ts'
import { AUDIO_LIMITS } from '../dify/limits.ts'
import { bodyLimit } from '../middleware/body-limit.ts'
import type { AppEnv } from '../types.ts'
import { openRecording } from '../validation/audio.ts'
import { isUuid } from '../validation/ids.ts'
import { badRequest, RequestError } from '../validation/request-error.ts'
import { readJson, routeErrors, tooLarge } from './route-errors.ts'
import { withUploadSlot } from './upload-slots.ts'

const NO_VOICE_IN = 'This assistant does not take voice input.'
const NO_VOICE_OUT = 'This assistant does not read answers aloud.'
const NOT_FOUND = 'Message not found.'
/** Messages looked through for the one to speak: pages of 100, newest first. */
const OWNER_PAGES = 5
const PAGE = 100

export const audioRoutes = new Hono<AppEnv>()

audioRoutes.onError(routeErrors)

audioRoutes.post('/audio', async (c) => {
  const dify = c.get('dify')
  const visitor = c.get('visitor')
  if ((await dify.parameters()).speech_to_text?.enabled !== true) throw badRequest(NO_VOICE_IN)
  // A recording holds two connections open while it streams, like an upload: the same slots.
  return withUploadSlot(c, async () => {
    const recording = await openRecording(c.req.raw, AUDIO_LIMITS.recordingBytes)
    const text = await dify.audioToText(recording.file, visitor).catch((err: unknown) => {
      // The visitor's stream stopped the upload (too large, a second part): that is the answer.
      throw recording.failure() ?? err
    })
    // The text goes into the composer: no longer than a message may be.
    const body: TranscriptResponse = {
      text: [...text].slice(0, c.get('config').maxQueryChars).join(''),
    }
    return c.json(body)
  })
})

audioRoutes.post(
  '/messages/:id/audio',
  bodyLimit({ maxSize: 8 * 1024, onError: tooLarge('The request') }),
  async (c) => {
    const id = c.req.param('id')
    if (!isUuid(id)) throw new RequestError('not_found', NOT_FOUND)
    const body = await readJson(c.req)
    const { conversationId } = (
      typeof body === 'object' && body !== null ? body : {}
    ) as Partial<MessageAudioRequest>
    if (!isUuid(conversationId)) throw badRequest('conversationId must be a conversation id.')
    const dify = c.get('dify')
    const visitor = c.get('visitor')
    if ((await dify.parameters()).text_to_speech?.enabled !== true) throw badRequest(NO_VOICE_OUT)
    if (!(await ownsMessage(dify, visitor, conversationId, id))) {
      throw new RequestError('not_found', NOT_FOUND)
    }
    const audio = await dify.textToAudio(id, visitor)
    if (!audio) throw new RequestError('not_found', NOT_FOUND)
    return c.body(audio, 200, { 'Content-Type': 'audio/mpeg', 'Cache-Control': 'no-store' })
  },
)

/**
 * Whether `messageId` is among `visitor`'s messages in `conversationId`, looking back at most
 * OWNER_PAGES pages (one Dify call each; the answer just given is on the first).
 */
async function ownsMessage(
  dify: DifyClient,
  visitor: string,
  conversationId: string,
  messageId: string,
): Promise<boolean> {
  let firstId: string | undefined
  for (let page = 0; page < OWNER_PAGES; page++) {
    let found: Awaited<ReturnType<DifyClient['messages']>>
    try {
      found = await dify.messages({
        conversationId,
        user: visitor,
        limit: PAGE,
        ...(firstId ? { firstId } : {}),
      })
    } catch (err) {
      // Another visitor's conversation is a 404 from Dify, like an unknown one.
      if (err instanceof DifyError && err.code === 'not_found') return false
      throw err
    }
    if (found.data.some((m) => m.id === messageId)) return true
    const oldest = found.data[0]?.id
    if (!found.has_more || !oldest) return false
    firstId = oldest
  }
  return false
}
