/** The mdast node for TeX in text, and how it is built from texSyntax's tokens. */
import type { Literal } from 'mdast'
import type {
  CompileContext,
  Extension as FromMarkdownExtension,
  Token,
} from 'mdast-util-from-markdown'

/** Inline TeX; `display` for `$$…$$` and `\[…\]` written inside a paragraph. */
export interface Tex extends Literal {
  type: 'tex'
  display: boolean
}

declare module 'mdast' {
  interface PhrasingContentMap {
    tex: Tex
  }
  interface RootContentMap {
    tex: Tex
  }
}

function data(this: CompileContext, token: Token) {
  this.config.enter.data?.call(this, token)
  this.config.exit.data?.call(this, token)
}

/** Builds `tex` nodes from tex-syntax.ts's tokens (named as micromark-extension-math names them). */
export const texFromMarkdown: FromMarkdownExtension = {
  enter: {
    mathText(token) {
      const source = this.sliceSerialize(token)
      const display = source.startsWith('$$') || source.startsWith('\\[')
      this.enter({ type: 'tex', value: '', display }, token)
      this.buffer()
    },
  },
  exit: {
    mathTextData: data,
    mathTextPadding: data,
    mathText(token) {
      const value = this.resume()
      const node = this.stack.at(-1)
      this.exit(token)
      if (node?.type === 'tex') node.value = value
    },
  },
}
