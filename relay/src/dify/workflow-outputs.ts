/**
 * A workflow run's `outputs` → what `end.outputs` carries: only the variables the relay app lists
 * (`workflowOutputs`), each as text (a string as is, anything else as its JSON text), at most
 * `MAX_OUTPUT_CHARS` in all. An allowlist: an output not listed never leaves the relay.
 */
import { MAX_OUTPUT_CHARS } from '@parley/shared'

function asText(value: unknown): string {
  if (typeof value === 'string') return value
  return JSON.stringify(value) ?? 'null'
}

export function pickOutputs(
  outputs: unknown,
  listed: readonly string[],
  maxChars = MAX_OUTPUT_CHARS,
): Record<string, string> {
  const picked: Record<string, string> = {}
  if (typeof outputs !== 'object' || outputs === null || Array.isArray(outputs)) return picked
  let left = maxChars
  for (const name of listed) {
    if (!Object.hasOwn(outputs, name)) continue
    let text = asText((outputs as Record<string, unknown>)[name])
    if (text.length > left) {
      text = text.slice(0, left)
      // Never half a surrogate pair at the cut.
      if (/[\uD800-\uDBFF]$/.test(text)) text = text.slice(0, -1)
    }
    picked[name] = text
    left -= text.length
  }
  return picked
}
