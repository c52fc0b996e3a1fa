/**
 * mdast → Preact VNodes. Never HTML: raw HTML in an answer is shown as the text it is. Nesting
 * deeper than MAX_DEPTH is flattened (its contents kept, its quotes, lists and emphasis dropped),
 * so a thousand nested block quotes neither overflow the stack nor build a DOM that deep.
 */
import type { Definition, List, ListItem, Nodes, Parent, PhrasingContent, Table } from 'mdast'
import type { ComponentChildren } from 'preact'
import type { Strings } from '../i18n/en.ts'
import { CodeBlock } from './CodeBlock.tsx'
import { headingLevel, type Outline } from './headings.ts'
import type { LoadMath } from './math.ts'
import type { Parse } from './parse.ts'
import { textOf } from './plain-text.ts'
import { Tex } from './Tex.tsx'

export interface RenderContext {
  t: Strings
  /** The href a link URL may have, or null to show the link as text. */
  href: (url: string) => string | null
  /** The src an image URL may load from, or null to show the image as a link. */
  image: (url: string) => string | null
  math: LoadMath | undefined
  /** The parser: with GFM and math once their chunks are here. */
  parse: Parse
  definitions: ReadonlyMap<string, Definition>
}

const MAX_DEPTH = 32
const WRAPPERS = new Set(['blockquote', 'list', 'listItem', 'emphasis', 'strong', 'delete', 'link'])

/** Where a node sits: among blocks, among the blocks of a tight list item, or inside text. */
type Mode = 'flow' | 'tight' | 'text'

/** Per block: the context and the heading outline, which headings advance as they render. */
interface Pass {
  ctx: RenderContext
  outline: Outline
}

/** Renders one top-level block; `outline` holds the headings before it. */
export function renderBlock(node: Nodes, ctx: RenderContext, outline: Outline): ComponentChildren {
  return render(node, { ctx, outline }, 0, 'flow')
}

function all(nodes: readonly Nodes[], pass: Pass, depth: number, mode: Mode) {
  return nodes.map((node) => render(node, pass, depth, mode))
}

/** The descendants of a too-deep wrapper that are not wrappers themselves, in order. */
function unwrap(node: Nodes): Nodes[] {
  const out: Nodes[] = []
  const stack: Nodes[] = [node]
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (!WRAPPERS.has(next.type)) out.push(next)
    else for (const child of [...(next as Parent).children].reverse()) stack.push(child as Nodes)
  }
  return out
}

function render(node: Nodes, pass: Pass, depth: number, mode: Mode): ComponentChildren {
  if (depth >= MAX_DEPTH && WRAPPERS.has(node.type)) return all(unwrap(node), pass, depth, mode)
  const { ctx } = pass
  const inner = depth + 1
  switch (node.type) {
    case 'paragraph': {
      const [only, more] = node.children
      if (only?.type === 'tex' && only.display && !more) return tex(only.value, true, ctx)
      const text = all(node.children, pass, inner, 'text')
      return mode === 'tight' ? text : <p>{text}</p>
    }
    case 'heading': {
      const [level, outline] = headingLevel(pass.outline, node.depth)
      pass.outline = outline
      const H = `h${level}` as 'h3'
      return <H>{all(node.children, pass, inner, 'text')}</H>
    }
    case 'thematicBreak':
      return <hr />
    case 'blockquote':
      return <blockquote>{all(node.children, pass, inner, 'flow')}</blockquote>
    case 'list':
      return list(node, pass, inner)
    case 'listItem':
      return item(node, pass, inner, mode === 'tight')
    case 'code':
      return <CodeBlock code={node.value} lang={node.lang ?? ''} t={ctx.t} />
    case 'math':
      return tex(node.value, true, ctx)
    case 'table':
      return table(node, pass, inner)
    case 'text':
      return node.value
    case 'emphasis':
      return <em>{all(node.children, pass, inner, mode)}</em>
    case 'strong':
      return <strong>{all(node.children, pass, inner, mode)}</strong>
    case 'delete':
      return <del>{all(node.children, pass, inner, mode)}</del>
    case 'inlineCode':
      // CommonMark: a line ending inside a code span is a space.
      return <code>{node.value.replace(/\r?\n|\r/g, ' ')}</code>
    case 'break':
      return <br />
    case 'tex':
    case 'inlineMath':
      return tex(node.value, node.type === 'tex' && node.display, ctx)
    case 'link':
      return link(node.url, node.title, all(node.children, pass, inner, mode), ctx)
    case 'linkReference': {
      const def = ctx.definitions.get(node.identifier)
      const text = all(node.children, pass, inner, mode)
      return def ? link(def.url, def.title, text, ctx) : text
    }
    case 'image':
      return image(node.url, node.alt, node.title, ctx)
    case 'imageReference': {
      const def = ctx.definitions.get(node.identifier)
      return def ? image(def.url, node.alt, def.title, ctx) : node.alt
    }
    default:
      // Definitions render nothing; footnotes, YAML and the like are not parsed.
      return null
  }
}

function tex(value: string, display: boolean, ctx: RenderContext) {
  return <Tex tex={value} display={display} load={ctx.math} label={ctx.t.formula} />
}

function link(
  url: string,
  title: string | null | undefined,
  text: ComponentChildren,
  ctx: RenderContext,
) {
  const href = ctx.href(url)
  if (href === null) return text
  return (
    <a href={href} title={title ?? undefined} target="_blank" rel="noopener noreferrer">
      {text}
    </a>
  )
}

function image(
  url: string,
  alt: string | null | undefined,
  title: string | null | undefined,
  ctx: RenderContext,
) {
  const src = ctx.image(url)
  if (src) return <img src={src} alt={alt ?? ''} title={title ?? undefined} loading="lazy" />
  return link(url, title, alt || url, ctx)
}

/** Loose or tight as CommonMark decides: a tight list's paragraphs render without `<p>`. */
function loose(node: List): boolean {
  return !!node.spread || node.children.some((li) => li.spread ?? li.children.length > 1)
}

function list(node: List, pass: Pass, depth: number) {
  const tight = !loose(node)
  const items = node.children.map((li) => item(li, pass, depth, tight))
  if (!node.ordered) return <ul>{items}</ul>
  return <ol start={node.start === 1 || node.start == null ? undefined : node.start}>{items}</ol>
}

function item(node: ListItem, pass: Pass, depth: number, tight: boolean) {
  const content = all(node.children, pass, depth + 1, tight ? 'tight' : 'flow')
  if (typeof node.checked !== 'boolean') return <li>{content}</li>
  const first = node.children[0]
  const name = (first?.type === 'paragraph' ? textOf(first).trim() : '') || pass.ctx.t.task
  return (
    <li class="task">
      <input type="checkbox" checked={node.checked} disabled aria-label={name} />
      <div>{content}</div>
    </li>
  )
}

const ALIGN = { left: 'al-l', center: 'al-c', right: 'al-r' } as const

function table(node: Table, pass: Pass, depth: number) {
  const [head, ...rows] = node.children
  const cells = (cells: readonly { children: PhrasingContent[] }[], Cell: 'th' | 'td') =>
    cells.map((cell, i) => {
      const align = node.align?.[i]
      return (
        <Cell class={align ? ALIGN[align] : undefined}>
          {all(cell.children, pass, depth, 'text')}
        </Cell>
      )
    })
  return (
    // biome-ignore lint/a11y: a scroll region keyboard users must reach (axe scrollable-region-focusable)
    <div class="tbl" tabIndex={0} role="region" aria-label={pass.ctx.t.table}>
      <table>
        {head && (
          <thead>
            <tr>{cells(head.children, 'th')}</tr>
          </thead>
        )}
        {rows.length > 0 && (
          <tbody>
            {rows.map((row) => (
              <tr>{cells(row.children, 'td')}</tr>
            ))}
          </tbody>
        )}
      </table>
    </div>
  )
}
