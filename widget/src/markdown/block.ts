/**
 * A small block-level markdown parser (the CommonMark/GFM subset chat answers use): paragraphs,
 * ATX headings, fenced code, lists (nested by indentation), blockquotes, tables, rules.
 * Output is plain data; nothing is ever turned into HTML. An unclosed fence runs to the end, so a
 * code block streams in as a code block.
 */
export type Block = { at: number; src: string } & (
  | { t: 'p'; text: string }
  | { t: 'h'; level: number; text: string }
  | { t: 'code'; lang: string; text: string }
  | { t: 'list'; start: number | null; items: Block[][] }
  | { t: 'quote'; blocks: Block[] }
  | { t: 'table'; head: string[]; rows: string[][] }
  | { t: 'hr' }
)

type Body = Block extends infer B ? (B extends Block ? Omit<B, 'at' | 'src'> : never) : never

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$/
const HR = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/
const QUOTE = /^ {0,3}> ?/
const ITEM = /^ {0,3}([-*+]|(\d{1,9})[.)])(?:\s+|$)/
const DELIM = /^[\s|:-]*-[\s|:-]*$/

/** Cells of a table row (column alignment is not rendered). */
export const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim())

const isTable = (line: string, next = '') => line.includes('|') && DELIM.test(next)

const interrupts = (line: string, next?: string) =>
  [FENCE, HEADING, HR, QUOTE, ITEM].some((r) => r.test(line)) || isTable(line, next)

/** Parses `text`; `offset` is added to every block's `at` (for re-parsing only a tail). */
export function parseBlocks(text: string, offset = 0): Block[] {
  const lines = text.split('\n')
  const blocks: Block[] = []
  for (let i = 0, at = offset; i < lines.length; ) {
    const from = i
    const line = lines[i] as string
    let body: Body | null = null
    const take = (test: (l: string) => boolean) => {
      const out: string[] = []
      while (i < lines.length && test(lines[i] as string)) out.push(lines[i++] as string)
      return out
    }
    const fence = FENCE.exec(line)
    const heading = HEADING.exec(line)
    const item = ITEM.exec(line)
    if (!line.trim()) i++
    else if (fence) {
      const close = new RegExp(`^ {0,3}${fence[1]}\\s*$`)
      i++
      body = { t: 'code', lang: fence[2] ?? '', text: take((l) => !close.test(l)).join('\n') }
      i++
    } else if (heading) {
      i++
      body = { t: 'h', level: heading[1]?.length ?? 1, text: heading[2] ?? '' }
    } else if (HR.test(line)) {
      i++
      body = { t: 'hr' }
    } else if (QUOTE.test(line)) {
      const inner = take((l) => QUOTE.test(l)).map((l) => l.replace(QUOTE, ''))
      body = { t: 'quote', blocks: parseBlocks(inner.join('\n')) }
    } else if (item) {
      const ordered = item[2] !== undefined
      const items: string[][] = []
      for (let m: RegExpExecArray | null = item; m && (m[2] !== undefined) === ordered; ) {
        const first = (lines[i++] as string).slice(m[0].length)
        const rest = take((l) => !!l.trim() && (/^\s{2}/.test(l) || !interrupts(l)))
        items.push([first, ...rest.map((l) => l.replace(/^\s{1,4}/, ''))])
        while (
          i < lines.length &&
          !lines[i]?.trim() &&
          /^(\s{2}|\s*([-*+]|\d+[.)])\s)/.test(lines[i + 1] ?? '')
        )
          i++
        m = ITEM.exec(lines[i] ?? '')
      }
      body = {
        t: 'list',
        start: ordered ? Number(item[2]) : null,
        items: items.map((l) => parseBlocks(l.join('\n'))),
      }
    } else if (isTable(line, lines[i + 1])) {
      i += 2
      body = { t: 'table', head: cells(line), rows: take((l) => l.includes('|')).map(cells) }
    } else {
      i++
      const more = take((l) => !!l.trim() && !interrupts(l, lines[i + 1]))
      body = { t: 'p', text: [line, ...more].map((l) => l.trim()).join('\n') }
    }
    const src = lines.slice(from, i).join('\n')
    if (body) blocks.push({ ...body, at, src } as Block)
    at += src.length + 1
  }
  return blocks
}
