import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import { useChunk } from '../ui/use-chunk.ts'
import type { LoadMath } from './math.ts'

interface TexProps {
  tex: string
  display: boolean
  load: LoadMath | undefined
  /** The display formula's label: it is a focusable region because a wide one scrolls. */
  label: string
}

/**
 * TeX as MathML once the lazy renderer has loaded; until then, and when it is absent or fails, the
 * source in a `<code>` (readable and copyable). The MathML element is built by the renderer and
 * appended as a DOM node: no HTML is parsed.
 */
export function Tex({ tex, display, load, label }: TexProps) {
  const renderer = useChunk(load, true)
  const [failed, setFailed] = useState(false)
  const box = useRef<HTMLSpanElement>(null)
  useLayoutEffect(() => {
    if (!renderer || !box.current) return
    try {
      box.current.replaceChildren(renderer.render(tex, display))
      setFailed(false)
    } catch {
      setFailed(true)
    }
  }, [renderer, tex, display])
  const source = renderer && !failed ? null : <code>{tex}</code>
  if (!display) {
    return (
      <span class="math" ref={box}>
        {source}
      </span>
    )
  }
  return (
    // biome-ignore lint/a11y: a wide formula scrolls; keyboard users must reach it (axe scrollable-region-focusable)
    <span class="mathd" tabIndex={0} role="region" aria-label={label} ref={box}>
      {source}
    </span>
  )
}
