import { afterEach, describe, expect, it } from 'vitest'
import { HOST_ID, mount } from './mount.ts'
import { testView } from './test-utils/view.ts'

let unmount = () => {}
afterEach(() => unmount())

describe('mount', () => {
  it('renders into an open shadow root styled only by an adopted stylesheet', () => {
    const mounted = mount(testView())
    unmount = mounted.unmount
    const host = document.getElementById(HOST_ID) as HTMLElement
    expect(host).toBe(mounted.host)
    expect(host.parentElement).toBe(document.body)
    const root = host.shadowRoot as ShadowRoot
    expect(root).toBe(mounted.root)
    expect(root.adoptedStyleSheets).toHaveLength(1)
    const rules = [...(root.adoptedStyleSheets[0]?.cssRules ?? [])].map((r) => r.cssText).join('\n')
    expect(rules).toContain(':host')
    expect(rules).toContain('all: initial')
    expect(root.querySelector('style, link, script')).toBeNull()
    expect(document.head.querySelector('style')).toBeNull()
    expect(root.querySelector('[data-parley="launcher"]')).not.toBeNull()
    expect(host.childNodes).toHaveLength(0)
  })

  it('mounts inline into the given container and unmounts without a trace', () => {
    const target = document.createElement('section')
    document.body.append(target)
    const mounted = mount(testView({ mode: 'inline', target: 'section' }), target)
    expect(target.firstElementChild).toBe(mounted.host)
    expect(mounted.host.getAttribute('data-mode')).toBe('inline')
    expect(mounted.root.querySelector('[data-parley="launcher"]')).toBeNull()
    mounted.unmount()
    expect(target.childNodes).toHaveLength(0)
    target.remove()
  })
})
