/**
 * A log sink for the Node entry that writes request lines in batches. On Node a pipe or file
 * stdout is written synchronously, so one line per request was one blocking write(2) on the
 * request's path, between the handler's answer and its first byte to the visitor. Lines at info
 * and below now go out together shortly after (and at once when many are waiting); warnings and
 * errors are written straight away. `flush()` writes whatever waits, e.g. on exit.
 */
import type { LogSink } from './logger.ts'
import type { LogLevel } from './types.ts'

export interface BatchedSinkOptions {
  /** Writes info and debug lines (each ends in `\n`), e.g. to stdout. */
  out: (text: string) => void
  /** Writes a warning or error line (ending in `\n`), e.g. to stderr. */
  err: (text: string) => void
  /** The longest a line waits; 20 ms by default. */
  delayMs?: number
  /** Waiting lines are written at once beyond this many characters; 16 K by default. */
  maxChars?: number
}

export interface BatchedSink {
  sink: LogSink
  flush(): void
}

export function batchedSink({
  out,
  err,
  delayMs = 20,
  maxChars = 16_384,
}: BatchedSinkOptions): BatchedSink {
  let waiting = ''
  let timer: ReturnType<typeof setTimeout> | undefined
  const flush = () => {
    clearTimeout(timer)
    timer = undefined
    if (waiting === '') return
    const text = waiting
    waiting = ''
    out(text)
  }
  const sink = (line: string, level: LogLevel) => {
    if (level === 'warn' || level === 'error') {
      err(`${line}\n`)
      return
    }
    waiting += `${line}\n`
    if (waiting.length >= maxChars) flush()
    else if (timer === undefined) {
      timer = setTimeout(flush, delayMs)
      // Waiting lines never keep the process alive; the entry flushes them on exit.
      ;(timer as { unref?: () => void }).unref?.()
    }
  }
  return { sink, flush }
}
