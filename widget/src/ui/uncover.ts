import type { RefObject } from 'preact'
import { useEffect } from 'preact/hooks'

/** An element's centre and corners, 1 px inside, as fractions of its box. */
const SPOTS = [
  [0.5, 0.5],
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
] as const

/**
 * Focus not obscured (WCAG 2.4.11): while the bubble's panel is open, a page element that gets focus
 * entirely under the widget is scrolled to just above the panel. Where that cannot show it (the end
 * of the page, a full-screen panel), the panel closes: the visitor has gone on to the page, and the
 * launcher brings the conversation and draft back.
 */
export function useUncover(
  panel: RefObject<HTMLElement>,
  active: boolean,
  close: () => void,
): void {
  useEffect(() => {
    if (!active) return
    let frame = 0
    const onFocus = (e: FocusEvent) => {
      const el = e.target as Element
      const host = (panel.current?.getRootNode() as ShadowRoot | undefined)?.host
      if (!host || host.contains(el)) return
      cancelAnimationFrame(frame)
      // After the browser has scrolled the element into view.
      frame = requestAnimationFrame(() => {
        const hidden = () => {
          const r = el.getBoundingClientRect()
          const under = SPOTS.every(
            ([x, y]) =>
              document.elementFromPoint(
                r.left + 1 + x * (r.width - 2),
                r.top + 1 + y * (r.height - 2),
              ) === host,
          )
          return under && r
        }
        const r = hidden()
        const top = panel.current?.getBoundingClientRect().top ?? 0
        if (!r || document.activeElement !== el) return
        if (r.height + 8 < top) scrollBy({ top: r.bottom - top + 8, behavior: 'instant' })
        if (hidden()) close()
      })
    }
    document.addEventListener('focusin', onFocus)
    return () => {
      cancelAnimationFrame(frame)
      document.removeEventListener('focusin', onFocus)
    }
  }, [active])
}
