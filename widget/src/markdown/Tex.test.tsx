import { act, cleanup, render } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import type { MathRenderer } from './math.ts'
import { mathSyntax } from './math-syntax.ts'
import { Tex } from './Tex.tsx'

afterEach(cleanup)

const fakeRenderer: MathRenderer = {
  render(tex, display) {
    const math = document.createElementNS('http://www.w3.org/1998/Math/MathML', 'math')
    if (display) math.setAttribute('display', 'block')
    math.textContent = `rendered ${tex}`
    return math
  },
  syntax: mathSyntax,
}

describe('<Tex>', () => {
  it('shows the TeX source in code without a renderer', () => {
    const { container } = render(<Tex tex="x^2" display={false} load={undefined} label="Formula" />)
    expect(container.querySelector('code')?.textContent).toBe('x^2')
  })

  it('shows the source until the renderer loads, then the MathML', async () => {
    let resolve: (r: MathRenderer) => void = () => {}
    const load = () => new Promise<MathRenderer>((r) => (resolve = r))
    const { container } = render(<Tex tex="a+b" display={false} load={load} label="Formula" />)
    expect(container.querySelector('code')?.textContent).toBe('a+b')
    await act(async () => resolve(fakeRenderer))
    expect(container.querySelector('code')).toBeNull()
    expect(container.querySelector('math')?.textContent).toBe('rendered a+b')
  })

  it('renders at once when the renderer has loaded before', async () => {
    const load = () => Promise.resolve(fakeRenderer)
    const first = render(<Tex tex="1" display={false} load={load} label="Formula" />)
    await act(async () => {})
    expect(first.container.querySelector('math')).not.toBeNull()
    const second = render(<Tex tex="2" display={false} load={load} label="Formula" />)
    expect(second.container.querySelector('code')).toBeNull()
    expect(second.container.querySelector('math')?.textContent).toBe('rendered 2')
  })

  it('keeps the source when the renderer fails to load or to render', async () => {
    const failing = render(
      <Tex tex="x" display={false} load={() => Promise.reject(new Error('offline'))} label="F" />,
    )
    await act(async () => {})
    expect(failing.container.querySelector('code')?.textContent).toBe('x')
    const throwing: MathRenderer = {
      render() {
        throw new Error('bad')
      },
      syntax: mathSyntax,
    }
    const broken = render(
      <Tex tex="y" display={false} load={() => Promise.resolve(throwing)} label="F" />,
    )
    await act(async () => {})
    expect(broken.container.querySelector('code')?.textContent).toBe('y')
  })

  it('makes display math a labelled, focusable region (a wide formula scrolls)', () => {
    const { container } = render(<Tex tex="x" display load={undefined} label="Formula" />)
    const box = container.querySelector('.mathd')
    expect(box?.getAttribute('role')).toBe('region')
    expect(box?.getAttribute('tabindex')).toBe('0')
    expect(box?.getAttribute('aria-label')).toBe('Formula')
  })
})
