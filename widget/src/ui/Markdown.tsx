import { Component } from 'preact'
import { useMemo, useRef } from 'preact/hooks'
import { type Block, type Parsed, update } from '../markdown/incremental.ts'
import { prepare } from '../markdown/limits.ts'
import { imageSrc, safeHref } from '../markdown/links.ts'
import type { LoadMath } from '../markdown/math.ts'
import { mayHaveMath } from '../markdown/math.ts'
import { createParser, parseMarkdown } from '../markdown/parse.ts'
import { type RenderContext, renderBlock } from '../markdown/render.tsx'
import { splitThink } from '../markdown/think.ts'
import { useChunk } from './use-chunk.ts'
import { useView } from './view.ts'

export interface MarkdownProps {
  /** The answer so far; while streaming it grows by appends. */
  text: string
  streaming?: boolean
  /** Origins (`https://files.example.com`) images may load from; other images show as links. */
  imageOrigins?: readonly string[]
  /**
   * Loads the math chunk (TeX syntax and renderer), when the text may hold math; without it (or
   * until it loads) the text shows as written.
   */
  math?: LoadMath
}

const NO_ORIGINS: readonly string[] = []

/**
 * An answer: its thinking (reasoning models) in a collapsible section, open until the answer proper
 * starts, then the answer. Markdown to Preact VNodes, never HTML.
 */
export function Markdown({
  text,
  streaming = false,
  imageOrigins = NO_ORIGINS,
  math,
}: MarkdownProps) {
  const { t } = useView()
  const origins = imageOrigins.join(' ')
  const tex = useChunk(math, mayHaveMath(text))?.syntax
  const ctx = useMemo<RenderContext>(
    () => ({
      t,
      href: safeHref,
      image: (url) => imageSrc(url, imageOrigins),
      math,
      parse: tex ? createParser(tex) : parseMarkdown,
      definitions: new Map(),
    }),
    // imageOrigins by value: a new array with the same origins must not re-render every block.
    [t, origins, math, tex],
  )
  const { think, closed, answer } = splitThink(text, streaming)
  return (
    <div class="md">
      {think !== null && (
        <details class="think" open={!closed}>
          <summary>{t.thinking}</summary>
          <div class="tb">
            <Blocks text={think} streaming={streaming && !closed} ctx={ctx} />
          </div>
        </details>
      )}
      <Blocks text={answer} streaming={streaming} ctx={ctx} />
    </div>
  )
}

interface BlocksProps {
  text: string
  streaming?: boolean
  ctx: RenderContext
}

/**
 * Parses incrementally (markdown/incremental.ts) and renders each top-level block; what is beyond
 * the markdown limits (markdown/limits.ts) shows as text.
 */
export function Blocks({ text, streaming = false, ctx }: BlocksProps) {
  const parsed = useRef<Parsed | null>(null)
  const parsedWith = useRef(ctx.parse)
  const { markdown, rest } = prepare(text)
  // Another parser (math arrived): everything is parsed again.
  const prev = parsedWith.current === ctx.parse ? parsed.current : null
  const current = update(prev, markdown, { lazy: streaming, parse: ctx.parse })
  parsed.current = current
  parsedWith.current = ctx.parse
  const { definitions } = current
  const local = useMemo(
    () => (definitions.size > 0 ? { ...ctx, definitions } : ctx),
    [ctx, definitions],
  )
  return (
    <>
      {current.blocks.map((block) => (
        <BlockView key={block.at} block={block} ctx={local} />
      ))}
      {rest && <p class="raw">{rest}</p>}
    </>
  )
}

interface BlockViewProps {
  block: Block
  ctx: RenderContext
}

/** A finished block keeps its object (see update), so it never renders again. */
class BlockView extends Component<BlockViewProps> {
  override shouldComponentUpdate(next: BlockViewProps): boolean {
    return next.block !== this.props.block || next.ctx !== this.props.ctx
  }
  override render({ block, ctx }: BlockViewProps) {
    return renderBlock(block.node, ctx, block.outline)
  }
}
