/**
 * The part of `eventsource-parser`'s `createParser` that shared's `readEventStream` uses (`onEvent`
 * with `event` + `data`; `id`, `retry` and comments are ignored), for the browser bundle only.
 *
 * Why: eventsource-parser 4 costs ~1.6 KB brotli, over a tenth of the widget's 15 KB budget,
 * for features the widget never uses (buffer limits, error objects, reconnection ids).
 * vite.config.ts and vitest.config.ts alias `eventsource-parser` to this file, so readEventStream,
 * parseEvent and the protocol stay shared and the tests run what ships; the relay keeps the package.
 */
export interface EventSourceMessage {
  event?: string | undefined
  data: string
}

export function createParser({ onEvent }: { onEvent?: (message: EventSourceMessage) => void }) {
  let rest = ''
  let event: string | undefined
  let data: string[] = []
  const line = (text: string) => {
    if (!text) {
      if (data.length) onEvent?.({ event, data: data.join('\n') })
      event = undefined
      data = []
      return
    }
    const colon = text.indexOf(':')
    if (!colon) return // a comment (": ping")
    const field = colon < 0 ? text : text.slice(0, colon)
    const value = colon < 0 ? '' : text.slice(text[colon + 1] === ' ' ? colon + 2 : colon + 1)
    if (field === 'event') event = value || undefined
    else if (field === 'data') data.push(value)
  }
  return {
    feed(chunk: string) {
      const text = rest + chunk
      // A trailing CR may be the first half of a CRLF split across chunks: keep it for later.
      const end = text.endsWith('\r') ? text.length - 1 : text.length
      const lines = text.slice(0, end).split(/\r\n|\r|\n/)
      rest = (lines.pop() ?? '') + text.slice(end)
      for (const l of lines) line(l)
    },
    reset() {
      rest = ''
      event = undefined
      data = []
    },
  }
}
