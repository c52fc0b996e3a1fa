/**
 * Ceilings on everything the relay reads from Dify (or whatever answers at DIFY_API_URL), all far
 * above what a working Dify sends. Bytes are counted after decompression.
 */
export const UPSTREAM_LIMITS = {
  /** One SSE frame: an answer chunk is a few bytes, a chatflow node's inputs and outputs rarely 100 KB. */
  frameChars: 1024 * 1024,
  /** Everything one answer's stream may carry, node events included. */
  streamBytes: 64 * 1024 * 1024,
  /** The text of one answer: a very long one is 100 KB. */
  answerChars: 1024 * 1024,
  /** One answer, start to end: Dify's own default (APP_MAX_EXECUTION_TIME) is 1,200 s. */
  answerMs: 20 * 60_000,
} as const

/** The bounds on reading one answer's stream (UPSTREAM_LIMITS' by default; tests pass smaller). */
export interface StreamBounds {
  /** Characters one frame may hold (a line without its end counts as it grows). */
  frameChars: number
  /** Bytes (after decompression) one answer may read. */
  streamBytes: number
  /** How long one answer may take, however steadily frames come. */
  answerMs: number
}

/** Whole JSON bodies, by endpoint. */
export const BODY_LIMITS = {
  parameters: 1024 * 1024,
  site: 256 * 1024,
  /** A page of at most 100 messages, each with its answer, sources and files. */
  messages: 8 * 1024 * 1024,
  /**
   * A page of at most 100 conversations (or one, renamed), each repeating its first turn's inputs
   * and the app's opening statement.
   */
  conversations: 4 * 1024 * 1024,
  /** Suggested questions, an upload's record, `{ result: "success" }`, an error body. */
  small: 64 * 1024,
} as const

/** Voice in and out (dify-api.md §2.11, §2.12, Part 2 §K). */
export const AUDIO_LIMITS = {
  /** A recording for `/audio-to-text`: Dify's own fixed limit (30 MB, counted in MiB). */
  recordingBytes: 30 * 1024 * 1024,
  /** The audio of one answer from `/text-to-audio`: minutes of MP3, far above any real answer. */
  spokenBytes: 20 * 1024 * 1024,
  /** How long one answer's audio may take to arrive, however steadily it comes. */
  spokenMs: 5 * 60_000,
} as const
