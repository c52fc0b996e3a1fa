/**
 * `data-context="url,title"`: the page's address and title go with each message as the app inputs
 * `page_url` / `page_title`, read when sent (so a single-page app's navigation counts), and only
 * when the app declares that input as text (the relay refuses undeclared ones), cut to its maximum
 * length in characters as Dify counts them. data-inputs and Parley.setInputs() win over them.
 */
import type { AppInput } from '@parley/shared'
import type { AppOptions } from './config.ts'

const SOURCES: Record<AppOptions['context'][number], () => string> = {
  url: () => location.href,
  title: () => document.title.trim(),
}

/**
 * Adds the context as live properties of `inputs` (the object every send spreads): undefined, so
 * left out of the request, while the app's inputs (`declared`) do not name them as text.
 */
export function addContext(
  inputs: Record<string, unknown>,
  parts: AppOptions['context'],
  declared: () => AppInput[] | undefined,
): void {
  for (const part of parts) {
    const variable = `page_${part}`
    if (variable in inputs) continue
    let set: unknown
    Object.defineProperty(inputs, variable, {
      enumerable: true,
      configurable: true,
      get() {
        if (set !== undefined) return set
        const input = declared()?.find((i) => i.variable === variable)
        if (input?.type !== 'text-input' && input?.type !== 'paragraph') return undefined
        // Dify counts code points: an emoji in a title is never cut in half.
        return [...SOURCES[part]()].slice(0, input.maxLength).join('')
      },
      set(value: unknown) {
        set = value
      },
    })
  }
}
