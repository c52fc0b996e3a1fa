/** The HTML of `GET /`: the script tag to paste, with the widget live on the page itself. */
import type { Mode } from '../types.ts'

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/**
 * Served with a strict CSP (see widget.ts), so the page has no inline script: the live widget comes
 * from the same external `/widget.js` a site owner pastes, which also shows it works under such a CSP.
 */
export function homePage({
  relayUrl,
  mode,
  integrity,
  version,
}: {
  relayUrl: string
  mode: Mode
  /** The widget's SRI hash, or null when it is not built. */
  integrity: string | null
  /** Changes with each build; busts the browser's cached widget.js, which would fail a new hash. */
  version?: string
}): string {
  // crossorigin is what lets a browser check the integrity of a script from another origin.
  const sri = integrity ? ` integrity="${integrity}" crossorigin="anonymous"` : ''
  const tag = `<script src="${relayUrl}/widget.js"${sri} defer></script>`
  const modeNote =
    mode === 'demo'
      ? `<p class="demo"><strong>Demo mode.</strong> <code>DIFY_API_KEY</code> is not set, so the
        widget talks to a built-in demo upstream, not to Dify. Set <code>DIFY_API_KEY</code> (and
        <code>DIFY_API_URL</code> for a self-hosted Dify) and restart to use your app.</p>`
      : `<p>Connected to your Dify app. Add your site's origin to <code>ALLOWED_ORIGINS</code> so its
        pages may use this relay.</p>`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Parley relay</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem; color: #1f2937; }
  code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
  pre { background: #f3f4f6; padding: 1rem; border-radius: .5rem; overflow-x: auto; user-select: all; }
  .demo { background: #fef3c7; border: 1px solid #f59e0b; padding: .75rem 1rem; border-radius: .5rem; }
  @media (prefers-color-scheme: dark) {
    body { background: #111827; color: #e5e7eb; } pre { background: #1f2937; }
    .demo { background: #451a03; }
  }
</style>
</head>
<body>
<h1>Parley relay</h1>
${modeNote}
<p>Paste this tag into any page of your site, just before <code>&lt;/body&gt;</code>:</p>
<pre><code>${escapeHtml(tag)}</code></pre>
<p>Options go in <code>data-*</code> attributes, e.g. <code>data-title="Support"</code>,
<code>data-color="#0f766e"</code>, <code>data-position="left"</code>, <code>data-open="true"</code>.
The chat bubble in the corner of this page is that widget, live.</p>
${
  integrity
    ? `<p>The <code>integrity</code> attribute makes browsers refuse a <code>widget.js</code> that is not
exactly this build. Update it when you upgrade the relay: <code>GET /widget.js.sri</code> gives the
current value.</p>`
    : ''
}
<script src="/widget.js${version ? `?v=${encodeURIComponent(version)}` : ''}"${sri} defer></script>
</body>
</html>
`
}
