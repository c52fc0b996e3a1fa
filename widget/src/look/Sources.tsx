import type { Source } from '@parley/shared'
import { safeHref } from '../markdown/links.ts'

/**
 * An answer's citations from the knowledge base, collapsed by default. In the look chunk: apps
 * with citations on are few, and the answer shows without them until it is here.
 */
export function Sources({ sources, label }: { sources: Source[]; label: string }) {
  return (
    <details>
      <summary>
        {label} ({sources.length})
      </summary>
      <ol>
        {sources.map((s, i) => {
          const href = s.url ? safeHref(s.url) : null
          return (
            <li key={i}>
              {href ? (
                <a href={href} target="_blank" rel="noopener noreferrer">
                  {s.title}
                </a>
              ) : (
                s.title
              )}
            </li>
          )
        })}
      </ol>
    </details>
  )
}
