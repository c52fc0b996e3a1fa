import { describe, expect, it } from 'vitest'
import { createLogger, shortHash } from './logger.ts'

describe('logger', () => {
  it('writes one JSON line per entry at or above its level', () => {
    const lines: string[] = []
    const log = createLogger({ level: 'warn', sink: (line) => lines.push(line), now: () => 0 })
    log.info('hidden')
    log.warn('shown', { path: '/x' })
    expect(lines).toEqual([
      '{"time":"1970-01-01T00:00:00.000Z","level":"warn","msg":"shown","path":"/x"}',
    ])
    expect(log.enabled('debug')).toBe(false)
  })

  it('hashes visitor ids to short stable pseudonyms', () => {
    expect(shortHash('v_abc')).toMatch(/^[0-9a-f]{8}$/)
    expect(shortHash('v_abc')).toBe(shortHash('v_abc'))
    expect(shortHash('v_abc')).not.toBe(shortHash('v_abd'))
  })
})
