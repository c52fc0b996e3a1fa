/**
 * `data-context="url,title"`: the page's address and title go with each message as the app inputs
 * `page_url` / `page_title`, read when sent (so a single-page app's navigation counts), and only
 * when the app declares that input (the relay refuses undeclared ones), cut to its maximum length.
 * data-inputs and Parley.setInputs() win over them.
 */
import type { AppInput } from '@parley/shared'
import { invalid, warnConsole } from './config.ts'

const SOURCES = {
  url: () => location.href,
  title: () => document.title.trim(),
}

type Part = keyof typeof SOURCES

/** The parts data-context names (commas or spaces between); anything else gets a warning. */
export function readContext(value: string | undefined, warn = warnConsole): Part[] {
  const words =
    value
      ?.toLowerCase()
      .split(/[\s,]+/)
      .filter(Boolean) ?? []
  const parts = words.filter((word): word is Part => word in SOURCES)
  if (parts.length < words.length && value) warn(invalid('context', value))
  return parts
}

/**
 * Adds the context as live properties of `inputs` (the object every send spreads): undefined, so
 * left out of the request, while the app's inputs (`declared`) do not name them.
 */
export function addContext(
  inputs: Record<string, unknown>,
  parts: Part[],
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
        return input && SOURCES[part]().slice(0, input.maxLength)
      },
      set(value: unknown) {
        set = value
      },
    })
  }
}
