/** Renders TeX to a MathML element; loaded lazily (the widget's math chunk), see math-render.ts. */
export interface MathRenderer {
  render(tex: string, display: boolean): Element
}
