import { useLayoutEffect } from 'preact/hooks'

/**
 * Adopts a UI chunk's stylesheet into the shadow root it renders in, while the component that calls
 * this is mounted, anew when `css` changes (the app's own sheet knows nothing of the chunk's parts).
 */
export function useSheet(ref: { current: Element | null }, css: string): void {
  useLayoutEffect(() => {
    const root = ref.current?.getRootNode()
    if (!(root instanceof ShadowRoot) && !(root instanceof Document)) return
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(css)
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
    return () => {
      root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet)
    }
  }, [css])
}
