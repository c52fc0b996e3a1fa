/** One widget's generator: its store (saved where data-persist says) and its panel bound to it. */
import { storageKey } from '../config.ts'
import { ANNOUNCE_CHARS } from '../stores/answer-stream.ts'
import { storageFor } from '../stores/session.ts'
import type { Widget } from '../ui/widget-context.ts'
import { type AppParts, Generator, type GeneratorProps } from './Generator.tsx'
import { createGenerator, type GeneratorStore } from './generator.ts'

export interface Generation {
  store: GeneratorStore
  Generator: (props: GeneratorProps) => ReturnType<typeof Generator>
}

export function makeGeneration(widget: Widget, parts: AppParts): Generation {
  const { config } = widget.view
  const store = createGenerator({
    relay: widget.relay,
    session: widget.session,
    app: widget.appInfo,
    inputs: config.inputs,
    storage: storageFor(config.persist),
    key: `${storageKey(config.relay, config.app ?? undefined)}:results`,
    plainText: (text) => parts.plainText(text, ANNOUNCE_CHARS),
    markUnread: widget.panel.markUnread,
    emit: widget.emit,
  })
  return { store, Generator: (props) => <Generator {...props} store={store} parts={parts} /> }
}
