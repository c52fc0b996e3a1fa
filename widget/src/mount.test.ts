import { afterEach, describe, expect, it } from 'vitest'
import { testConfig, testHandoff } from '../test/view.ts'
import { testWidget } from '../test/widget.tsx'
import { HOST_ID } from './loader/launcher.ts'
import { mount } from './mount.ts'

afterEach(() => document.body.replaceChildren())

const rulesOf = (sheet: CSSStyleSheet | undefined) =>
  [...(sheet?.cssRules ?? [])].map((r) => r.cssText).join('\n')

describe('mount', () => {
  it("renders beside the loader's launcher in its shadow root, adding only a stylesheet", () => {
    const handoff = testHandoff()
    const { root, host } = handoff
    const launcher = root.querySelector('[data-parley="launcher"]')
    const widget = testWidget()
    const mounted = mount(widget, handoff)
    expect(document.getElementById(HOST_ID)).toBe(host)
    expect(root.adoptedStyleSheets).toHaveLength(2)
    expect(rulesOf(root.adoptedStyleSheets[0])).toContain('all: initial')
    expect(rulesOf(root.adoptedStyleSheets[1])).toContain('.panel')
    expect(root.querySelector('style, link, script')).toBeNull()
    expect(document.head.querySelector('style')).toBeNull()
    // The same launcher element: focus and position survive the hand-over.
    expect(root.querySelector('[data-parley="launcher"]')).toBe(launcher)
    expect(root.querySelectorAll('[data-parley="launcher"]')).toHaveLength(1)
    expect(root.querySelector('[data-parley="panel"]')).not.toBeNull()
    expect(host.childNodes).toHaveLength(0)
    mounted.unmount()
    widget.destroy()
    expect(root.querySelector('[data-parley="panel"]')).toBeNull()
    expect(root.adoptedStyleSheets).toHaveLength(1)
  })

  it('mounts inline into the container the loader drew in and leaves no trace', () => {
    const target = document.createElement('section')
    document.body.append(target)
    const handoff = testHandoff(testConfig({ mode: 'inline', target: 'section' }), target)
    const widget = testWidget({ config: { mode: 'inline', target: 'section' } })
    const mounted = mount(widget, handoff)
    expect(target.firstElementChild).toBe(handoff.host)
    expect(handoff.host.getAttribute('data-mode')).toBe('inline')
    expect(handoff.root.querySelector('[data-parley="launcher"]')).toBeNull()
    expect(handoff.root.querySelector('[data-parley="panel"]')).not.toBeNull()
    mounted.unmount()
    widget.destroy()
    expect(handoff.root.querySelector('[data-parley="panel"]')).toBeNull()
  })
})
