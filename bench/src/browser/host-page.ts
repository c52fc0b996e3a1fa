/**
 * A site that embeds the widget with its one script tag, on its own loopback origin. The query string
 * picks the script tag's loading attributes: `/?preload=click` serves `data-preload="click"`.
 */
import { serveLoopback } from './loopback.ts'

export interface HostPage {
  url: string
  /** The page's URL with the script tag carrying `data-preload="<preload>"`. */
  variant(options: HostOptions): string
  close(): Promise<void>
}

export interface HostOptions {
  preload?: 'intent' | 'idle' | 'eager' | 'click'
}

const PRELOADS = new Set(['intent', 'idle', 'eager', 'click'])

/** The host page's HTML; the script tag is the one a site owner pastes, plus any `options`. */
export function hostHtml(relayUrl: string, options: HostOptions = {}): string {
  const paragraphs = Array.from(
    { length: 12 },
    (_, i) =>
      `<p>Section ${i + 1}: waterproof boots, resoleable and broken in by our staff before they reach you. Free returns within 30 days.</p>`,
  ).join('\n')
  const preload =
    options.preload && PRELOADS.has(options.preload) ? ` data-preload="${options.preload}"` : ''
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Parley bench host page</title>
  <style>body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 720px; padding: 24px }</style>
</head>
<body>
  <header><strong>Trailhead Outfitters</strong> <nav><a href="#a">Boots</a> <a href="#b">Packs</a></nav></header>
  <main><h1>Boots for every trail</h1>
${paragraphs}
  </main>
  <script src="${relayUrl}/widget.js" data-title="Bench"${preload} defer></script>
</body>
</html>`
}

export async function startHostPage(relayUrl: string): Promise<HostPage> {
  const server = await serveLoopback((req, res) => {
    const query = new URL(req.url ?? '/', 'http://host').searchParams
    const preload = query.get('preload') ?? undefined
    const body = hostHtml(relayUrl, { preload: preload as HostOptions['preload'] })
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    res.end(body)
  })
  const url = `${server.origin}/`
  return {
    url,
    variant: ({ preload }) => (preload ? `${url}?preload=${preload}` : url),
    close: server.close,
  }
}
