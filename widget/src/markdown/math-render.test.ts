import { describe, expect, it } from 'vitest'
import { renderMath } from './math-render.ts'

// happy-dom's MathML elements have no `style` (browsers' MathMLElement does); Temml sets one.
const sample = document.createElementNS('http://www.w3.org/1998/Math/MathML', 'math')
if (!('style' in sample)) {
  Object.defineProperty(Object.getPrototypeOf(sample), 'style', {
    get(this: Element & { _style?: Record<string, string> }) {
      this._style ??= {}
      return this._style
    },
  })
}

describe('renderMath', () => {
  it('renders inline TeX to a MathML element', () => {
    const math = renderMath('x^2 + \\alpha', false)
    expect(math.namespaceURI).toBe('http://www.w3.org/1998/Math/MathML')
    expect(math.tagName.toLowerCase()).toBe('math')
    expect(math.querySelector('msup')).not.toBeNull()
    expect(math.textContent).toContain('α')
    expect(math.getAttribute('display')).not.toBe('block')
  })

  it('renders display TeX as block math', () => {
    expect(renderMath('\\frac{a}{b}', true).getAttribute('display')).toBe('block')
  })

  it('shows bad TeX as an error element instead of throwing', () => {
    const el = renderMath('\\frac{', false)
    expect(el.textContent).toContain('\\frac{')
  })

  it('creates no link, style or font request', () => {
    const el = renderMath('\\href{https://evil.example}{x} \\text{y}', true)
    expect(el.querySelector('a, link, style, img')).toBeNull()
  })
})
