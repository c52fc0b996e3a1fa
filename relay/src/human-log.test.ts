import { describe, expect, it } from 'vitest'
import { humanLine } from './human-log.ts'
import { createLogger } from './logger.ts'

function lineOf(write: (log: ReturnType<typeof createLogger>) => void): string {
  const lines: string[] = []
  const log = createLogger({
    sink: (line) => lines.push(line),
    now: () => Date.UTC(2026, 10, 28, 9, 4, 5),
  })
  write(log)
  return humanLine(lines[0] ?? '')
}

describe('humanLine', () => {
  it('shows time, level, message and fields, quoting values with spaces', () => {
    expect(
      lineOf((log) =>
        log.info('Parley relay listening on http://localhost:8787 (mode: demo, runtime: node)', {
          mode: 'demo',
          url: 'http://localhost:8787',
        }),
      ),
    ).toBe(
      '09:04:05  INFO   Parley relay listening on http://localhost:8787 (mode: demo, runtime: node)  mode=demo  url=http://localhost:8787',
    )
    expect(lineOf((log) => log.warn('store down', { name: 'Error', note: 'a b' }))).toBe(
      '09:04:05  WARN   store down  name=Error  note="a b"',
    )
  })

  it('writes a request as one readable phrase', () => {
    expect(
      lineOf((log) =>
        log.info('request', {
          method: 'POST',
          path: '/api/chat',
          status: 200,
          ms: 4.2,
          visitor: 'ab12cd34',
        }),
      ),
    ).toBe('09:04:05  INFO   POST /api/chat 200 4.2ms  visitor=ab12cd34')
  })

  it('passes a line that is not JSON through', () => {
    expect(humanLine('plain words')).toBe('plain words')
  })
})
