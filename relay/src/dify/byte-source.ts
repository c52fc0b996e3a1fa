/**
 * A response body's bytes, pushed: from the runtime's fetch when it can hand them over itself
 * (`offerBytes`, Node's), else read from the body's web stream with one reader.
 */
import type { Source } from './push.ts'

/** Where a body's bytes go: each chunk, then its end, or its breaking off (`fail`). */
export interface ByteSink {
  data(bytes: Uint8Array): void
  end(): void
  fail(err: unknown): void
}

/** A body whose bytes flow into its sink until the end, a failure, or the reading's `stop()`. */
export type ByteSource = Source<ByteSink>

/** The one registry: a runtime's fetch offering pushed bytes for a body it created. */
const offers = new WeakMap<ReadableStream<Uint8Array>, () => ByteSource | null>()

/**
 * For a runtime's fetch: `body`'s bytes may be taken from `take()` instead of the stream. It says
 * null once the stream has been read from; then the stream is read as usual.
 */
export function offerBytes(body: ReadableStream<Uint8Array>, take: () => ByteSource | null): void {
  offers.set(body, take)
}

/** `body`'s bytes, pushed: from the source its fetch offered, else read from it. */
export function bytesOf(body: ReadableStream<Uint8Array>): ByteSource {
  const take = offers.get(body)
  offers.delete(body)
  return take?.() ?? readBytes(body)
}

function readBytes(body: ReadableStream<Uint8Array>): ByteSource {
  return {
    start(sink) {
      const reader = body.getReader()
      let stopped = false
      void (async () => {
        try {
          for (let r = await reader.read(); !stopped && !r.done; r = await reader.read()) {
            sink.data(r.value)
          }
          if (!stopped) sink.end()
        } catch (err) {
          if (!stopped) sink.fail(err)
        }
      })()
      return {
        stop() {
          if (stopped) return
          stopped = true
          reader.cancel().catch(() => undefined)
        },
      }
    },
  }
}
