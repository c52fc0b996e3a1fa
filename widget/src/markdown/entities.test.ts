import { describe, expect, it } from 'vitest'
import { decodeNamedCharacterReference } from './entities.ts'
import { parseMarkdown } from './parse.ts'

describe('decodeNamedCharacterReference', () => {
  it('decodes HTML 4 names', () => {
    expect(decodeNamedCharacterReference('amp')).toBe('&')
    expect(decodeNamedCharacterReference('nbsp')).toBe('\u00a0')
    expect(decodeNamedCharacterReference('euro')).toBe('€')
    expect(decodeNamedCharacterReference('rArr')).toBe('⇒')
  })

  it('decodes the upper-case legacy spellings and apos', () => {
    expect(decodeNamedCharacterReference('AMP')).toBe('&')
    expect(decodeNamedCharacterReference('COPY')).toBe('©')
    expect(['GT', 'LT', 'QUOT', 'REG'].map(decodeNamedCharacterReference)).toEqual([
      '>',
      '<',
      '"',
      '®',
    ])
    expect(decodeNamedCharacterReference('apos')).toBe("'")
  })

  it('knows no other names', () => {
    for (const name of ['ngE', 'Amp', 'toString', '__proto__', '', '#123']) {
      expect(decodeNamedCharacterReference(name)).toBe(false)
    }
  })

  it('is what the parser decodes with (the build alias is in effect)', () => {
    const text = (md: string) => JSON.stringify(parseMarkdown(md).children[0])
    expect(text('a &amp; b &copy; &#x41;')).toContain('a & b © A')
    // In the full HTML5 table, this would be ≧̸.
    expect(text('&ngE;')).toContain('&ngE;')
  })
})
