import { describe, expect, it } from 'vitest'
import { parseBlocks } from './block.ts'

const types = (text: string) => parseBlocks(text).map((b) => b.t)

describe('parseBlocks', () => {
  it('recognizes every block kind', () => {
    const text = [
      '# Title',
      '',
      'A paragraph',
      'on two lines.',
      '',
      '- one',
      '- two',
      '  - nested',
      '',
      '1. first',
      '2. second',
      '',
      '> quoted',
      '',
      '```ts',
      'const x = 1 < 2',
      '```',
      '',
      '| a | b |',
      '|---|:-:|',
      '| 1 | 2 |',
      '',
      '---',
    ].join('\n')
    expect(types(text)).toEqual(['h', 'p', 'list', 'list', 'quote', 'code', 'table', 'hr'])
    const blocks = parseBlocks(text)
    const list = blocks[2]
    expect(list?.t === 'list' && list.items.length).toBe(2)
    expect(list?.t === 'list' && list.items[1]?.map((b) => b.t)).toEqual(['p', 'list'])
    expect(blocks[3]?.t === 'list' && blocks[3].start).toBe(1)
    expect(blocks[5]).toMatchObject({ t: 'code', lang: 'ts', text: 'const x = 1 < 2' })
    expect(blocks[6]).toMatchObject({ t: 'table', head: ['a', 'b'], rows: [['1', '2']] })
  })

  it('runs an unclosed fence to the end, so code streams in as code', () => {
    expect(parseBlocks('Look:\n```js\nlet a = 1\nlet b')).toMatchObject([
      { t: 'p', text: 'Look:' },
      { t: 'code', lang: 'js', text: 'let a = 1\nlet b' },
    ])
  })

  it('records where each block starts, also when parsing a tail', () => {
    const text = 'one\n\ntwo\n\nthree'
    const blocks = parseBlocks(text)
    for (const b of blocks) expect(text.slice(b.at, b.at + b.src.length)).toBe(b.src)
    const last = blocks.at(-1)
    expect(parseBlocks(text.slice(last?.at), last?.at)[0]?.at).toBe(last?.at)
  })
})
