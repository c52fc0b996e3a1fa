/**
 * The generator panel (text-generation and workflow apps), in place of the chat's log and composer:
 * the app's inputs, Generate (Stop while it runs), Run again, the result streamed as markdown with
 * the answer's own buttons (copy, rating for a text generator, retry), and this tab's earlier results
 * collapsed under it. This is the generate chunk: it renders with the app's Preact (chunks/host.ts)
 * and the app's own Message, under a context whose chat is the generator.
 */
import { useStore } from '@nanostores/preact'
import type { ComponentType, Context } from 'preact'
import { useLayoutEffect, useState } from 'preact/hooks'
import { useSheet } from '../chunks/use-sheet.ts'
import { formStrings } from '../start-form/strings.ts'
import { useFields } from '../start-form/use-fields.tsx'
import type { ChatMessage } from '../stores/message.ts'
import type { Widget } from '../ui/widget-context.ts'
import type { GeneratorStore, Result } from './generator.ts'
import { generateStrings } from './strings.ts'
import { GENERATE_CSS } from './styles.ts'

/** What the generator takes from the app, so the chunk carries no second copy. */
export interface AppParts {
  Message: ComponentType<{ message: ChatMessage }>
  Context: Context<Widget | null>
  /** An answer's plain text, for the live region (markdown/plain-text.ts). */
  plainText(markdown: string, max?: number): string
}

export interface GeneratorProps {
  /** The widget as rendered (with the page language's texts). */
  widget: Widget
}

/** An earlier result's line: when, and the text values it was generated from. */
function label(r: Result, lang: string): string {
  const when = new Date(r.at).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' })
  const given = Object.values(r.inputs).filter((v) => typeof v === 'string' && v.trim())
  return [when, ...given].join(' · ')
}

export function Generator({
  widget,
  store,
  parts: { Message, Context },
}: GeneratorProps & { store: GeneratorStore; parts: AppParts }) {
  const { view, appInfo, relay, panel } = widget
  const { info } = useStore(appInfo.$appInfo)
  const results = useStore(store.$results)
  const running = useStore(store.$running)
  const announcement = useStore(store.$announcement)
  const g = generateStrings(view.lang)
  const given = view.config.inputs ?? {}
  const inputs = info?.inputs.filter((input) => !(input.variable in given)) ?? []
  const [latest, ...earlier] = results
  const form = useFields({
    inputs,
    initial: latest?.inputs ?? null,
    t: formStrings(view.lang),
    relay,
  })
  useSheet(form.self, GENERATE_CSS)
  // A result's buttons (retry, rating, run again) act on the generator.
  const [inner] = useState<Widget>(() => ({
    ...widget,
    chat: {
      ...widget.chat,
      retry: store.retry,
      regenerate: store.regenerate,
      rate: store.rate,
      answerForm: store.answerForm,
    },
  }))
  // Mounted in an open bubble (the chunk came after the panel opened): its first field then.
  useLayoutEffect(() => {
    if (panel.$panel.get().open && view.config.mode === 'bubble') {
      form.self.current?.querySelector<HTMLElement>('[data-focus]')?.focus()
    }
  }, [])
  const submit = (e: Event) => {
    e.preventDefault()
    if (running) return store.stop()
    const values = form.submit()
    if (values) store.generate(values)
  }
  const result = (r: Result) => (
    <>
      <Message message={r} />
      {r.state === 'done' && !r.text && !r.stopped && <p class="none">{g.empty}</p>}
    </>
  )
  return (
    <div class="gen" data-parley="generator">
      <form
        ref={form.self}
        class="sf"
        data-parley="generate-form"
        aria-label={g.form}
        noValidate
        onSubmit={submit}
      >
        {info?.description && <p class="st">{info.description}</p>}
        {form.fields}
        <p class="err" role="alert">
          {form.summary}
        </p>
        <div class="row">
          {latest && (
            <button
              type="button"
              class="btn"
              data-parley="again"
              aria-disabled={running}
              onClick={() => store.retry(latest.id)}
            >
              {g.again}
            </button>
          )}
          {/* One button (Generate, then Stop): focus stays on it as the run starts and ends. */}
          <button
            type="submit"
            class="btn start"
            data-parley={running ? 'stop' : 'generate'}
            aria-disabled={form.uploading}
          >
            {running ? view.t.stop : g.generate}
          </button>
        </div>
      </form>
      <Context.Provider value={inner}>
        {latest && (
          <section class="out" aria-labelledby="parley-result" data-parley="result">
            <h2 id="parley-result">{g.result}</h2>
            {result(latest)}
            {earlier.length > 0 && (
              <details data-parley="earlier-results">
                <summary>{g.earlier.replace('{}', String(earlier.length))}</summary>
                <ol>
                  {earlier.map((r) => (
                    <li key={r.id}>
                      <details>
                        <summary>{label(r, view.lang)}</summary>
                        {result(r)}
                      </details>
                    </li>
                  ))}
                </ol>
              </details>
            )}
          </section>
        )}
      </Context.Provider>
      <div class="sr" aria-live="polite">
        {running ? g.running : announcement}
      </div>
    </div>
  )
}
