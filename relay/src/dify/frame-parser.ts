/**
 * Dify's SSE bytes → its data frames, within UPSTREAM_LIMITS' frame and stream bounds. Parsing is
 * eventsource-parser's; the bytes are decoded as a stream, so a character split across chunks and
 * a leading BOM come out right.
 */
import { createParser, type EventSourceParser } from 'eventsource-parser'
import { tooLargeError } from './errors.ts'
import type { StreamBounds } from './limits.ts'
import { Utf8Stream } from './utf8-stream.ts'

export type DifyFrame = Record<string, unknown>

/**
 * Frames whose loss would change the visitor's text: one of these over the frame limit ends the
 * answer. Any other oversized frame (a node's inputs and outputs, tool observations, audio) carries
 * nothing the allowlist forwards and is skipped.
 */
const TEXT_EVENTS = new Set(['message', 'agent_message', 'message_replace', 'text_chunk'])
const HEAD_CHARS = 64

/** The first HEAD_CHARS characters of the line still open after `text`, given those before it. */
function openLineHead(head: string, text: string): string {
  // Dify's chunks end in "\n\n": the LF is found at once, and a CR is looked for only after it.
  const lf = text.lastIndexOf('\n')
  const end = text.indexOf('\r', lf + 1) === -1 ? lf : text.lastIndexOf('\r')
  if (end !== -1) return text.slice(end + 1, end + 1 + HEAD_CHARS)
  return head.length < HEAD_CHARS ? head + text.slice(0, HEAD_CHARS - head.length) : head
}

/**
 * `event: ping` frames carry no data, so they never become frames. Data that is not a JSON object
 * is not a frame Dify sends, so it is dropped too.
 */
export class FrameParser {
  /** The frames parsed and not taken yet. */
  readonly queue: DifyFrame[] = []
  readonly #bounds: StreamBounds
  readonly #onSkip: (reason: string) => void
  readonly #decoder = new Utf8Stream()
  readonly #parser: EventSourceParser
  #overflow = false
  #received = 0
  #head = ''

  /** `onSkip` hears of each oversized frame that was dropped. */
  constructor(bounds: StreamBounds, onSkip: (reason: string) => void) {
    this.#bounds = bounds
    this.#onSkip = onSkip
    const queue = this.queue
    this.#parser = createParser({
      maxBufferSize: bounds.frameChars,
      onError: (error) => {
        if (error.type === 'max-buffer-size-exceeded') this.#overflow = true
      },
      onEvent(message) {
        try {
          const value: unknown = JSON.parse(message.data)
          if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
            queue.push(value as DifyFrame)
          }
        } catch {
          // Not JSON: not a frame Dify sends, so not one we forward.
        }
      },
    })
  }

  /** Parses the next bytes (their frames join `queue`); throws a `DifyError` past a bound. */
  feed(bytes: Uint8Array): void {
    const bounds = this.#bounds
    this.#received += bytes.byteLength
    if (this.#received > bounds.streamBytes) {
      throw tooLargeError(`the answer's stream passed ${bounds.streamBytes} bytes`)
    }
    const text = this.#decoder.decode(bytes)
    const frameHead = this.#head
    this.#head = openLineHead(frameHead, text)
    this.#parser.feed(text)
    if (this.#overflow) {
      this.#overflow = false
      const event = /"event"\s*:\s*"([a-z_]+)"/.exec(this.#head || frameHead)?.[1]
      const reason = `a frame (event ${event ?? 'unknown'}) passed ${bounds.frameChars} characters`
      if (event === undefined || TEXT_EVENTS.has(event)) throw tooLargeError(reason)
      this.#onSkip(reason)
      // The rest of that line no longer starts with a field name, so the parser skips it.
      this.#parser.reset()
    }
  }

  /** The bytes ended. A frame without its closing blank line is incomplete: dropped, as the SSE spec says. */
  end(): void {
    this.#parser.feed(this.#decoder.decode())
  }
}
