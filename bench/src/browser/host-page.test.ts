import { describe, expect, it } from 'vitest'
import { hostHtml } from './host-page.ts'

describe('hostHtml', () => {
  it('embeds the widget with its one script tag', () => {
    expect(hostHtml('http://127.0.0.1:9')).toContain(
      '<script src="http://127.0.0.1:9/widget.js" data-title="Bench" defer></script>',
    )
  })

  it('adds data-preload for a variant, and only a known value', () => {
    expect(hostHtml('http://r', { preload: 'click' })).toContain('data-preload="click" defer')
    expect(hostHtml('http://r', { preload: '"><x' as never })).not.toContain('data-preload')
  })
})
