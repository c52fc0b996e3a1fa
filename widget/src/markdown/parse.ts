/**
 * Markdown source → mdast: CommonMark, the GFM parts answers use (tables, strikethrough, task lists,
 * bare URLs; no footnotes) and math.
 */
import type { Root } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal'
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough'
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table'
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item'
import { mathFromMarkdown } from 'mdast-util-math'
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal'
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough'
import { gfmTable } from 'micromark-extension-gfm-table'
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item'
import { math } from 'micromark-extension-math'
import { texFromMarkdown } from './tex-node.ts'
import { texSyntax } from './tex-syntax.ts'

let options: Parameters<typeof fromMarkdown>[1] | undefined

// Built on first use: nothing runs when the module loads.
function configure() {
  options ??= {
    extensions: [
      gfmTable(),
      // `~5 min to ~10 min` is not strikethrough: only `~~` is.
      gfmStrikethrough({ singleTilde: false }),
      gfmTaskListItem(),
      gfmAutolinkLiteral(),
      // Only the `$$` block construct: texSyntax replaces the extension's inline math.
      { flow: math().flow },
      texSyntax,
    ],
    mdastExtensions: [
      gfmTableFromMarkdown(),
      gfmStrikethroughFromMarkdown(),
      gfmTaskListItemFromMarkdown(),
      gfmAutolinkLiteralFromMarkdown(),
      mathFromMarkdown(),
      texFromMarkdown,
    ],
  }
  return options
}

/** Parses `source`; micromark accepts any string, so this does not throw on odd input. */
export function parseMarkdown(source: string): Root {
  return fromMarkdown(source, configure())
}
