/** A whole widget's stores over a fake relay, and rendering components inside its context. */
import { type RenderResult, render } from '@testing-library/preact'
import type { ComponentChild } from 'preact'
import type { WidgetConfig } from '../src/config.ts'
import { emitter } from '../src/events.ts'
import { type Generation, makeGeneration } from '../src/generate/generation.tsx'
import { APP_PARTS } from '../src/ui/app-parts.ts'
import type { View } from '../src/ui/view.ts'
import { type Widget, WidgetContext } from '../src/ui/widget-context.ts'
import { createWidget } from '../src/widget.ts'
import { fakeRelay } from './fake-relay.ts'
import { testView } from './view.ts'

export interface TestWidgetOptions {
  config?: Partial<WidgetConfig>
  lang?: string
  /** The relay's fetch (default: a fake relay that knows only sessions and health). */
  fetch?: typeof fetch
  /** The math chunk's loader (default: none, as in a build without chunks). */
  math?: View['math']
  /** The history chunk's loader (default: none: no history button). */
  history?: View['history']
  /** The form chunk's loader (default: none: no start form). */
  form?: View['form']
  /** The page chunk's loader (default: none: no focus guard). */
  page?: View['page']
  /** The voice chunk's loader (default: none: no microphone). */
  voice?: View['voice']
  /** The attach chunk's loader (default: none: no attachments). */
  attach?: View['attach']
  /** The look chunk's loader (default: none: no footer, answer icon or sources). */
  look?: View['look']
  /** The generator (the generate chunk, made at once; default: none). */
  generate?: boolean
}

export type TestWidget = Widget & { destroy(): void }

export function testWidget({
  config,
  lang,
  fetch,
  generate,
  ...chunks
}: TestWidgetOptions = {}): TestWidget {
  let made: Generation | undefined
  const view: View = {
    ...testView(config, lang),
    ...chunks,
    generate: generate
      ? async () => {
          made ??= makeGeneration(widget, APP_PARTS)
          return made
        }
      : undefined,
  }
  const widget = createWidget(view.config, view, emitter(window), fetch ?? fakeRelay().fetch)
  return {
    ...widget,
    destroy() {
      made?.store.destroy()
      widget.destroy()
    },
  }
}

/** Renders `ui` inside `widget`'s context (also on rerender). */
export function renderIn(widget: Widget, ui: ComponentChild): RenderResult {
  const wrap = (child: ComponentChild) => (
    <WidgetContext.Provider value={widget}>{child}</WidgetContext.Provider>
  )
  const result = render(wrap(ui))
  return { ...result, rerender: (next) => result.rerender(wrap(next)) }
}
