import type { Source } from '@parley/shared'
import { safeHref } from '../markdown/links.ts'
import { useView } from './view.ts'

/** Citations from the knowledge base, collapsed by default. */
export function Sources({ sources }: { sources: Source[] }) {
  const { t } = useView()
  return (
    <details>
      <summary>
        {t.sources} ({sources.length})
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
