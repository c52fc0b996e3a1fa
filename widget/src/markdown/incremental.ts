/**
 * Streaming parse: an answer grows by appends ~60 times a second. Top-level blocks before the last
 * one are final (CommonMark closes a block for good once a later line does not continue it), so
 * an update re-parses from the first line of the last block only and keeps the rest, objects and
 * all. Link reference definitions are the exception (one can turn `[x]` anywhere into a link), so
 * an answer with any is parsed whole each time; so is a text that did not grow by appending.
 */
import type { Definition, Root, RootContent } from 'mdast'
import { headingLevel, type Outline } from './headings.ts'
import { parseMarkdown } from './parse.ts'
import { walk } from './walk.ts'

export interface Block {
  /** Offset of the block's first line in the text: with `src`, what makes a block the same. */
  at: number
  src: string
  node: RootContent
  /** The headings before this block, which decide the levels of its own. */
  outline: Outline
}

export interface Parsed {
  text: string
  blocks: readonly Block[]
  /** By identifier; when there are any, every update parses the whole text. */
  definitions: ReadonlyMap<string, Definition>
}

const NONE: ReadonlyMap<string, Definition> = new Map()

/** A re-parse longer than this waits until the text grew by an eighth of it (see `lazy`). */
const LAZY_FROM = 8192

export interface UpdateOptions {
  /**
   * While streaming, a long re-parse (a last block of 500 list items, or a whole answer with
   * definitions) is not repeated on every append but after the text grew by an eighth of it:
   * parsing stays linear in the answer's length overall, and the newest lines of such a block
   * show a moment later.
   */
  lazy?: boolean
  parse?: (source: string) => Root
}

/** The parsed `text`, reusing `prev` when `text` is `prev.text` with something appended. */
export function update(
  prev: Parsed | null,
  text: string,
  { lazy = false, parse = parseMarkdown }: UpdateOptions = {},
): Parsed {
  if (prev?.text === text) return prev
  const appended = prev !== null && text.startsWith(prev.text)
  const last = prev?.blocks.at(-1)
  const at = appended && prev.definitions.size === 0 ? (last?.at ?? 0) : null
  const span = text.length - (at ?? 0)
  if (lazy && appended && span > LAZY_FROM && text.length - prev.text.length < span / 8) return prev
  if (prev && at !== null) {
    const parsed = blocksOf(safeParse(parse, text.slice(at)), text, at, last?.outline ?? [])
    if (parsed.definitions.size === 0) {
      const first = parsed.blocks[0]
      if (first && last && same(first, last)) parsed.blocks[0] = last
      return { text, blocks: [...prev.blocks.slice(0, -1), ...parsed.blocks], definitions: NONE }
    }
  }
  return { text, ...blocksOf(safeParse(parse, text), text, 0, []) }
}

function same(a: Block, b: Block): boolean {
  return a.at === b.at && a.src === b.src && a.outline.join() === b.outline.join()
}

/** micromark takes any string; should it still fail, the answer shows as plain text. */
function safeParse(parse: (source: string) => Root, source: string): Root {
  try {
    return parse(source)
  } catch {
    return {
      type: 'root',
      children: [{ type: 'paragraph', children: [{ type: 'text', value: source }] }],
    }
  }
}

function blocksOf(root: Root, text: string, base: number, outline: Outline) {
  const blocks: Block[] = []
  const definitions = new Map<string, Definition>()
  for (const node of root.children) {
    const start = base + (node.position?.start.offset ?? 0)
    // From the line start: the indentation before a list marker decides what continues the item.
    const at = Math.max(base, text.lastIndexOf('\n', start - 1) + 1)
    const end = base + (node.position?.end.offset ?? text.length - base)
    blocks.push({ at, src: text.slice(at, end), node, outline })
    walk(node, (n) => {
      if (n.type === 'heading') outline = headingLevel(outline, n.depth)[1]
      else if (n.type === 'definition' && !definitions.has(n.identifier)) {
        definitions.set(n.identifier, n)
      }
    })
  }
  return { blocks, definitions: definitions.size > 0 ? definitions : NONE }
}
