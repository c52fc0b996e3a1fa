/** Dify `retriever_resources` → citation sources the widget shows (title, short snippet, link). */
import type { Source } from '@parley/shared'
import { absoluteUrl } from './urls.ts'

const MAX_SNIPPET = 300
const MAX_TITLE = 120
const MAX_SOURCES = 10

export function cap(text: string, max: number): string {
  const trimmed = text.trim()
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null
}

/** Only the fields named here leave the relay: no ids, scores, hashes or dataset internals. */
export function toSources(resources: unknown, origin: string): Source[] {
  if (!Array.isArray(resources)) return []
  const sources: Source[] = []
  for (const item of resources.slice(0, MAX_SOURCES)) {
    if (typeof item !== 'object' || item === null) continue
    const r = item as Record<string, unknown>
    const title = str(r.document_name) ?? str(r.title) ?? str(r.dataset_name) ?? 'Source'
    const snippet = cap((str(r.content) ?? '').replace(/\s+/g, ' '), MAX_SNIPPET)
    const meta = typeof r.doc_metadata === 'object' && r.doc_metadata !== null ? r.doc_metadata : {}
    const link =
      (meta as Record<string, unknown>).source_url ?? (meta as Record<string, unknown>).url
    const url =
      typeof link === 'string' && /^https?:\/\//i.test(link) ? absoluteUrl(link, origin) : null
    sources.push(
      url
        ? { title: cap(title, MAX_TITLE), snippet, url }
        : { title: cap(title, MAX_TITLE), snippet },
    )
  }
  return sources
}
