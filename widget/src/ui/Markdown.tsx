import type { ComponentChildren } from 'preact'
import { Component } from 'preact'
import { type Block, parseBlocks } from '../markdown/block.ts'
import { type Inline, parseInline } from '../markdown/inline.ts'

type Parsed = { text: string; blocks: Block[] }

/**
 * Re-parses only from the last block when the text grew by appending (streaming): the blocks
 * before it are final, so each frame costs the tail, not the whole answer.
 */
function reparse(prev: Parsed | null, text: string): Block[] {
  const last = prev?.blocks.at(-1)
  if (!prev || !last || !text.startsWith(prev.text)) return parseBlocks(text)
  return [...prev.blocks.slice(0, -1), ...parseBlocks(text.slice(last.at), last.at)]
}

interface MarkdownProps {
  text: string
  streaming?: boolean
}

/** Markdown to Preact VNodes. Never HTML: every character of the model's text is a text node. */
export class Markdown extends Component<MarkdownProps> {
  parsed: (Parsed & { streaming: boolean }) | null = null

  override render({ text, streaming = false }: MarkdownProps) {
    const prev = this.parsed
    if (prev?.text !== text || prev.streaming !== streaming) {
      const blocks = streaming ? reparse(prev, text) : parseBlocks(text)
      this.parsed = { text, streaming, blocks }
    }
    const { blocks } = this.parsed as Parsed
    return (
      <div class="md">
        {blocks.map((b, i) => (
          <MdBlock key={i} block={b} open={streaming && i === blocks.length - 1} />
        ))}
      </div>
    )
  }
}

/** A finished block never re-renders: its source did not change. */
class MdBlock extends Component<{ block: Block; open: boolean }> {
  override shouldComponentUpdate(next: { block: Block; open: boolean }): boolean {
    return next.block.src !== this.props.block.src || next.open !== this.props.open
  }
  override render() {
    return block(this.props.block, this.props.open)
  }
}

function block(b: Block, open = false): ComponentChildren {
  switch (b.t) {
    case 'p':
      return <p>{inline(parseInline(b.text, open))}</p>
    case 'h': {
      const H = `h${Math.min(b.level + 2, 6)}` as 'h3'
      return <H>{inline(parseInline(b.text, open))}</H>
    }
    case 'code':
      return (
        <pre>
          <code>{b.text}</code>
        </pre>
      )
    case 'list': {
      const n = b.items.length - 1
      const items = b.items.map((item, i) => (
        <li key={i}>{item.map((c, j) => block(c, open && i === n && j === item.length - 1))}</li>
      ))
      return b.start === null ? <ul>{items}</ul> : <ol start={b.start}>{items}</ol>
    }
    case 'quote':
      return <blockquote>{b.blocks.map((c) => block(c, open))}</blockquote>
    case 'table':
      return (
        <table>
          <thead>
            <tr>
              {b.head.map((c, i) => (
                <th key={i}>{inline(parseInline(c))}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {b.rows.map((row, r) => (
              <tr key={r}>
                {row.map((c, i) => (
                  <td key={i}>{inline(parseInline(c))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )
    case 'hr':
      return <hr />
  }
}

function inline(nodes: Inline[]): ComponentChildren {
  return nodes.map((n) => {
    if (typeof n === 'string') return n
    switch (n.t) {
      case 'code':
        return <code>{n.text}</code>
      case 'br':
        return <br />
      case 'a':
        return (
          <a href={n.href} target="_blank" rel="noopener noreferrer">
            {inline(n.c)}
          </a>
        )
      default: {
        const Tag = n.t
        return <Tag>{inline(n.c)}</Tag>
      }
    }
  })
}
