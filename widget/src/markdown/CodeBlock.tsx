import { useEffect, useState } from 'preact/hooks'
import type { Strings } from '../i18n/en.ts'

interface CodeBlockProps {
  code: string
  lang: string
  t: Strings
}

/**
 * A fenced code block: language label and Copy button above a `<pre>` that is a focusable,
 * labelled scroll region (long lines scroll sideways; keyboard users must reach them too).
 */
export function CodeBlock({ code, lang, t }: CodeBlockProps) {
  const [copied, setCopied] = useState(false)
  useEffect(() => {
    if (!copied) return
    const timer = setTimeout(() => setCopied(false), 1500)
    return () => clearTimeout(timer)
  }, [copied])
  const copy = () => {
    navigator.clipboard?.writeText(code).then(
      () => setCopied(true),
      () => {},
    )
  }
  return (
    <div class="code">
      <div class="bar">
        <span>{lang}</span>
        <button
          type="button"
          aria-label={copied || !lang ? undefined : `${t.copyCode} (${lang})`}
          onClick={copy}
        >
          {copied ? t.copied : t.copyCode}
        </button>
      </div>
      {/* biome-ignore lint/a11y: a scroll region keyboard users must reach (axe scrollable-region-focusable) */}
      <pre tabIndex={0} role="region" aria-label={lang ? t.codeLang.replace('{}', lang) : t.code}>
        <code class={lang ? `language-${lang}` : undefined}>{code}</code>
      </pre>
    </div>
  )
}
