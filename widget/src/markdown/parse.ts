/**
 * Markdown source → mdast: CommonMark, the GFM parts answers use (tables, strikethrough, task lists,
 * bare URLs; no footnotes), and the syntax of lazy chunks that have arrived (math; see syntax.ts).
 */
import type { Root } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal'
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough'
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table'
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item'
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal'
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough'
import { gfmTable } from 'micromark-extension-gfm-table'
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item'
import type { Syntax } from './syntax.ts'

export type Parse = (source: string) => Root

/** A parser with `extra` syntax; micromark takes any string. */
export function createParser(...extra: Syntax[]): Parse {
  let options: Parameters<typeof fromMarkdown>[1] | undefined
  // Built on first use: nothing runs when the module loads.
  const configure = () =>
    (options ??= {
      extensions: [
        gfmTable(),
        // `~5 min to ~10 min` is not strikethrough: only `~~` is.
        gfmStrikethrough({ singleTilde: false }),
        gfmTaskListItem(),
        gfmAutolinkLiteral(),
        ...extra.flatMap((s) => s.extensions),
      ],
      mdastExtensions: [
        gfmTableFromMarkdown(),
        gfmStrikethroughFromMarkdown(),
        gfmTaskListItemFromMarkdown(),
        gfmAutolinkLiteralFromMarkdown(),
        ...extra.flatMap((s) => s.mdastExtensions),
      ],
    })
  return (source) => fromMarkdown(source, configure())
}

/** CommonMark + GFM, without math. */
export const parseMarkdown: Parse = createParser()
