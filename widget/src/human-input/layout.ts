/**
 * A human-input form's layout. Dify's forms have no labels: `content` is markdown with each field at
 * its placeholder `{{#$output.<name>#}}`, and the words before it are its label (Dify's web app
 * splits it the same way).
 */
import type { HumanInputField, HumanInputForm } from '@parley/shared'

export type Piece = { text: string } | { field: HumanInputField; label: string }

const PLACEHOLDER = /\{\{#\$output\.(\w+)#\}\}/g

/** The last line of `text` that has words, without markdown marks and a closing colon. */
function labelFrom(text: string): string {
  const line = text
    .split('\n')
    .map((l) => l.replace(/[#*_>`~|]|^\s*(?:[-+]|\d+[.)])\s/g, '').trim())
    .filter(Boolean)
    .at(-1)
  return (line ?? '')
    .replace(/[:：]$/, '')
    .trim()
    .slice(0, 80)
}

/** `feedback_note` → "feedback note": a field's name when no words precede it. */
const spoken = (name: string) => name.replace(/_/g, ' ').trim()

/**
 * The text and the fields of `form`, in order. A placeholder naming no field (or one already
 * placed) is dropped; a field without a placeholder comes at the end.
 */
export function layout(form: HumanInputForm): Piece[] {
  const pieces: Piece[] = []
  const placed = new Set<string>()
  let at = 0
  for (const match of form.content.matchAll(PLACEHOLDER)) {
    const before = form.content.slice(at, match.index)
    at = match.index + match[0].length
    if (before.trim()) pieces.push({ text: before })
    const field = form.fields.find((f) => f.name === match[1])
    if (!field || placed.has(field.name)) continue
    placed.add(field.name)
    pieces.push({ field, label: labelFrom(before) || spoken(field.name) })
  }
  const rest = form.content.slice(at)
  if (rest.trim()) pieces.push({ text: rest })
  for (const field of form.fields) {
    if (!placed.has(field.name)) pieces.push({ field, label: spoken(field.name) })
  }
  return pieces
}
