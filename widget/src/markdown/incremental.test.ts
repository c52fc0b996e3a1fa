import type { Nodes, Root } from 'mdast'
import { describe, expect, it } from 'vitest'
import { type Parsed, update } from './incremental.ts'
import { parseMarkdown } from './parse.ts'

/** A parser that records how many characters it was given. */
function counting() {
  const sizes: number[] = []
  const parse = (source: string): Root => {
    sizes.push(source.length)
    return parseMarkdown(source)
  }
  return { sizes, parse }
}

/** Blocks without positions, comparable across an incremental and a whole parse. */
const shape = (p: Parsed) =>
  JSON.stringify(
    p.blocks.map((b) => [b.at, b.src, b.outline, b.node]),
    (key, value: unknown) => (key === 'position' ? undefined : value),
  )

const ANSWER = `# Setting up

Intro paragraph with **bold**, a [link](https://en.wikipedia.org/wiki/Rust_(programming_language))
and $x^2$ math.

1. Install it:

   \`\`\`bash
   npm install thing
   \`\`\`

2. Configure it. This step has two paragraphs.

   The second paragraph of step two.
3. Run it
   - nested item
   - another

> A quote
continued lazily

Setext heading
--------------

| Name | Value |
|:-----|------:|
| a    | 1     |

- [x] done
- [ ] open

    indented code

\`\`\`python
def unclosed():
    pass
`

describe('update', () => {
  // A whole parse at every step: seconds of CPU, more on a loaded machine (not a timing test).
  it('matches a whole parse at every step of a stream', () => {
    let parsed: Parsed | null = null
    for (let end = 1; end <= ANSWER.length; end += 1 + (end % 7)) {
      const text = ANSWER.slice(0, end)
      parsed = update(parsed, text)
      expect(shape(parsed), JSON.stringify(text)).toBe(shape(update(null, text)))
    }
  }, 30_000)

  it('parses only the last block after an append to a 20 KB answer', () => {
    const paragraph = `${'A sentence with *emphasis* and `code`. '.repeat(10)}\n\n`
    const long = paragraph.repeat(Math.ceil(20_000 / paragraph.length))
    const { sizes, parse } = counting()
    const before = update(null, long, { parse })
    const after = update(before, `${long}More text`, { parse })
    expect(sizes).toEqual([long.length, paragraph.length + 'More text'.length])
    expect(after.blocks.slice(0, -2)).toEqual(before.blocks.slice(0, -1))
    after.blocks.slice(0, -2).forEach((block, i) => {
      expect(block).toBe(before.blocks[i])
    })
  })

  it('keeps the last block object when an append leaves it as it was', () => {
    const before = update(null, 'One.\n\nTwo.')
    const after = update(before, 'One.\n\nTwo.\n')
    expect(after.blocks[1]).toBe(before.blocks[1])
  })

  it('parses everything again when the text did not grow by appending', () => {
    const { sizes, parse } = counting()
    const before = update(null, 'One.\n\nTwo.', { parse })
    update(before, 'One!\n\nTwo. Three.', { parse })
    expect(sizes).toEqual([10, 17])
  })

  it('parses everything while the text has link reference definitions', () => {
    const { sizes, parse } = counting()
    let parsed = update(null, 'See [docs].\n\nMore.', { parse })
    expect(parsed.blocks[0]?.node).toMatchObject({ children: [{ type: 'text' }] })
    parsed = update(parsed, 'See [docs].\n\nMore.\n\n[docs]: https://example.com', { parse })
    expect(sizes.at(-1)).toBe(parsed.text.length)
    const link = (parsed.blocks[0]?.node as { children: Nodes[] } | undefined)?.children[1]
    expect(link).toMatchObject({ type: 'linkReference', identifier: 'docs' })
    expect(parsed.definitions.get('docs')?.url).toBe('https://example.com')
    parsed = update(parsed, `${parsed.text}\n\nTail.`, { parse })
    expect(sizes.at(-1)).toBe(parsed.text.length)
  })

  it('re-parses a long last block only after it grew by an eighth while streaming', () => {
    const list = Array.from({ length: 1000 }, (_, i) => `- item ${i}`).join('\n')
    const { sizes, parse } = counting()
    const before = update(null, list, { parse })
    expect(update(before, `${list}\n- one more`, { parse, lazy: true })).toBe(before)
    expect(sizes).toHaveLength(1)
    const grown = `${list}\n${'- more\n'.repeat(list.length / 4 / 7)}`
    expect(update(before, grown, { parse, lazy: true }).text).toBe(grown)
    expect(update(before, `${list}\n- one more`, { parse }).blocks[0]?.src).toContain('one more')
  })

  it('carries the heading outline from block to block', () => {
    const parsed = update(null, '# A\n\n### B\n\npara\n\n## C')
    expect(parsed.blocks.map((b) => b.outline)).toEqual([
      [],
      [[1, 3]],
      [
        [1, 3],
        [3, 4],
      ],
      [
        [1, 3],
        [3, 4],
      ],
    ])
  })

  it('shows input the parser cannot handle as text', () => {
    const parsed = update(null, 'boom', {
      parse: () => {
        throw new RangeError('Maximum call stack size exceeded')
      },
    })
    expect(parsed.blocks[0]?.node).toMatchObject({
      type: 'paragraph',
      children: [{ value: 'boom' }],
    })
  })
})
