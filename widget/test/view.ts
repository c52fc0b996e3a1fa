import type { WidgetConfig } from '../config.ts'
import { DEFAULT_COLOR } from '../config.ts'
import { stringsFor } from '../i18n/locale.ts'
import { $view, type View } from '../ui/view.ts'

export function testConfig(overrides: Partial<WidgetConfig> = {}): WidgetConfig {
  return {
    relay: 'https://relay.test',
    title: null,
    color: DEFAULT_COLOR,
    theme: 'light',
    position: 'right',
    open: false,
    welcome: null,
    placeholder: null,
    lang: null,
    inputs: null,
    mode: 'bubble',
    target: null,
    ...overrides,
  }
}

/** Sets the view components read (mount does this in the real widget) and returns it. */
export function testView(overrides: Partial<WidgetConfig> = {}, lang = 'en'): View {
  const view: View = {
    config: testConfig(overrides),
    t: stringsFor(lang),
    lang,
    dir: 'ltr',
  }
  $view.set(view)
  return view
}
