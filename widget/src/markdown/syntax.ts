/** Markdown syntax beyond CommonMark that travels in a lazy chunk (GFM, math). */
import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown'
import type { Extension } from './micromark-types.ts'

export interface Syntax {
  extensions: Extension[]
  mdastExtensions: FromMarkdownExtension[]
}
