import { Component } from 'preact'
import { useMemo, useRef } from 'preact/hooks'
import { type Block, type Parsed, update } from '../markdown/incremental.ts'
import { prepare } from '../markdown/limits.ts'
import { imageSrc, safeHref } from '../markdown/links.ts'
import type { MathRenderer } from '../markdown/math.ts'
import { type RenderContext, renderBlock } from '../markdown/render.tsx'
import { splitThink } from '../markdown/think.ts'
import { useView } from './view.ts'

export interface MarkdownProps {
  /** The answer so far; while streaming it grows by appends. */
  text: string
  streaming?: boolean
  /** Origins (`https://files.example.com`) images may load from; other images show as links. */
  imageOrigins?: readonly string[]
  /** Loads the TeX renderer; without it (or until it loads) math shows as TeX source. */
  math?: () => Promise<MathRenderer>
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
  const ctx = useMemo<RenderContext>(
    () => ({
      t,
      href: safeHref,
      image: (url) => imageSrc(url, imageOrigins),
      math,
      definitions: new Map(),
    }),
    // imageOrigins by value: a new array with the same origins must not re-render every block.
    [t, origins, math],
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
  const { markdown, rest } = prepare(text)
  const current = update(parsed.current, markdown, { lazy: streaming })
  parsed.current = current
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
