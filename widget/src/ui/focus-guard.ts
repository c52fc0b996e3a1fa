/**
 * Focus not obscured (WCAG 2.4.11): while the bubble's panel is open, a page element that gets focus
 * entirely under the widget is scrolled to just above the panel. Where that cannot show it (the end
 * of the page, a full-screen panel), the panel closes: the visitor has gone on to the page, and the
 * launcher brings the conversation and draft back. Plain DOM, in the page chunk the app loads when
 * the panel first opens (tabbing out to the page comes later than that).
 */

/** An element's centre and corners, 1 px inside, as fractions of its box. */
const SPOTS = [
  [0.5, 0.5],
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
] as const

/** Watches focus on the page while `panel` is open; returns the stop. */
export function guardFocus(panel: HTMLElement, close: () => void): () => void {
  let frame = 0
  const onFocus = (e: FocusEvent) => {
    const el = e.target as Element
    const root = panel.getRootNode()
    const host = root instanceof ShadowRoot ? root.host : null
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
      const top = panel.getBoundingClientRect().top
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
}
