/** A recording → its text, through the relay's speech-to-text route (Dify `/audio-to-text`). */
import type { TranscriptResponse } from '@parley/shared'
import { ROUTES } from '@parley/shared'
import type { RelayClient } from '../api/relay-client.ts'

/**
 * Posts `wav` as the multipart field `file` → the text ('' when nothing was heard). Rejects as
 * `request` does (a `RelayError`), or with an `Error` when the answer has no text.
 */
export async function transcribe(
  request: RelayClient['request'],
  wav: Blob,
  signal?: AbortSignal,
): Promise<string> {
  const body = new FormData()
  body.append('file', wav, 'recording.wav')
  const res = (await request(ROUTES.audio, {
    method: 'POST',
    body,
    signal: signal ?? null,
  })) as Partial<TranscriptResponse> | null
  if (typeof res?.text !== 'string') throw new Error('no transcript')
  return res.text
}
