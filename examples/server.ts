/**
 * A tiny static server for the example pages, on its own origin like a real site.
 * It serves `examples/*.html`, `*.css`, `*.js` (a page's own script) and `*.svg` (a page's image), Bootstrap's CSS under `/vendor/bootstrap/`, Turbo and htmx
 * (for the single-page-app pages) as `/vendor/turbo.js` and `/vendor/htmx.js`, fills in the
 * relay's URL where the pages say `http://127.0.0.1:8787`, and sends `strict-csp.html` with a strict
 * Content-Security-Policy header that allows scripts, connections and images only from itself and the relay.
 * The Astro site (`astro/`, once built into `astro/dist/`) is served under its base, `/astro/`, strict too.
 */
import { randomBytes } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { createServer, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The relay origin the pages are written against; replaced by the actual relay URL when served. */
export const RELAY_PLACEHOLDER = 'http://127.0.0.1:8787'

const pagesDir = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const bootstrapDir = dirname(require.resolve('bootstrap/dist/css/bootstrap.min.css'))
const astroDist = join(pagesDir, 'astro/dist')
/** The single-page-app libraries the SPA pages load, from node_modules like Bootstrap. */
const VENDOR_SCRIPTS: Record<string, string> = {
  'turbo.js': require.resolve('@hotwired/turbo/dist/turbo.es2017-umd.js'),
  'htmx.js': join(dirname(require.resolve('htmx.org/package.json')), 'dist/htmx.min.js'),
}

const types = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  map: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
} as const

export interface ExampleServerOptions {
  /** Base URL of the relay the pages load the widget from, e.g. `http://127.0.0.1:8787`. */
  relayUrl: string
  port?: number
  host?: string
  /**
   * Tests only: JavaScript served at `HEAD_SCRIPT_PATH` and loaded first in every page's `<head>`,
   * before the widget (a same-origin file, so strict-csp.html allows it). The cross-engine tests use
   * it to trap console errors in WebKit, whose WebDriver has no way to run a script before a page's.
   */
  headScript?: string
}

/** Where a page asks for this response's style nonce (`<meta name="csp-nonce" content="…">`). */
const CSP_NONCE = '__CSP_NONCE__'

/** Where `headScript` is served. */
export const HEAD_SCRIPT_PATH = '/__test-head.js'

export interface ExampleServer {
  /** The server's own origin, e.g. `http://127.0.0.1:8080`. */
  url: string
  close(): Promise<void>
}

/**
 * The policy `strict-csp.html` (and the single-page-app pages) are served with: no inline scripts,
 * no eval, no inline styles. `styleNonce`: one the page's own library needs for its own style
 * element (Turbo's progress bar, which reads it from `<meta name="csp-nonce">`); the widget needs none.
 */
export function strictCsp(relayUrl: string, styleNonce?: string): string {
  const relay = new URL(relayUrl).origin
  return [
    "default-src 'none'",
    `script-src 'self' ${relay}`,
    `connect-src 'self' ${relay}`,
    `img-src 'self' ${relay}`,
    styleNonce ? `style-src 'self' 'nonce-${styleNonce}'` : "style-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** The example pages, by file name, in the order the index lists them. */
export async function listPages(): Promise<string[]> {
  const files = await readdir(pagesDir)
  return files.filter((f) => f.endsWith('.html')).sort()
}

export async function startExampleServer(options: ExampleServerOptions): Promise<ExampleServer> {
  const relayUrl = options.relayUrl.replace(/\/+$/, '')
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    respond(path, relayUrl, options.headScript, res).catch(() =>
      send(res, 500, 'text/plain', 'Internal error'),
    )
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host, resolve))
  const { port } = server.address() as AddressInfo
  const host =
    options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : 'localhost'
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function respond(
  path: string,
  relayUrl: string,
  headScript: string | undefined,
  res: ServerResponse,
): Promise<void> {
  if (path === '/') return send(res, 200, types.html, await indexPage())
  if (headScript !== undefined && path === HEAD_SCRIPT_PATH) {
    return send(res, 200, 'text/javascript; charset=utf-8', headScript)
  }
  if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '')
  const script = VENDOR_SCRIPTS[path.replace(/^\/vendor\//, '')]
  if (script) return sendFile(res, script, 'text/javascript; charset=utf-8')
  const vendor = /^\/vendor\/bootstrap\/([\w.-]+\.(css|map))$/.exec(path)
  if (vendor?.[1]) {
    const type = vendor[2] === 'map' ? types.map : types.css
    return sendFile(res, join(bootstrapDir, vendor[1]), type)
  }
  // The Astro site's pages (`/astro/`, `/astro/shipping/`: a folder's index.html) and bundles.
  const astroPage = /^\/astro\/((?:[a-z0-9-]+\/)*)$/.exec(path)
  if (astroPage) {
    const file = join(astroDist, astroPage[1] ?? '', 'index.html')
    return sendPage(res, file, true, relayUrl, headScript)
  }
  const astroAsset = /^\/astro\/(_astro\/[\w.-]+\.(css|js))$/.exec(path)
  if (astroAsset?.[1]) {
    const type = astroAsset[2] === 'css' ? types.css : types.js
    return sendFile(res, join(astroDist, astroAsset[1]), type)
  }
  const own = /^\/([a-z0-9-]+)\.(html|css|js|svg)$/.exec(path)
  if (!own?.[1] || !own[2]) return send(res, 404, 'text/plain', 'Not found')
  const file = join(pagesDir, `${own[1]}.${own[2]}`)
  if (own[2] === 'css' || own[2] === 'js' || own[2] === 'svg')
    return sendFile(res, file, types[own[2]])
  // The single-page-app and themed pages are strict too: what they do must work under the policy.
  const strict =
    own[1] === 'strict-csp' ||
    /^(turbo|htmx|themed|ask|two-widgets|own-button|teaser|context|icon)/.test(own[1])
  return sendPage(res, file, strict, relayUrl, headScript)
}

/** An HTML page: the relay's URL filled in, the head script added, the strict CSP if `strict`. */
async function sendPage(
  res: ServerResponse,
  file: string,
  strict: boolean,
  relayUrl: string,
  headScript: string | undefined,
): Promise<void> {
  let html: string
  try {
    html = await readFile(file, 'utf8')
  } catch {
    return send(res, 404, 'text/plain', 'Not found')
  }
  if (strict) {
    const nonce = html.includes(CSP_NONCE) ? randomBytes(16).toString('base64') : undefined
    if (nonce) html = html.replaceAll(CSP_NONCE, nonce)
    res.setHeader('Content-Security-Policy', strictCsp(relayUrl, nonce))
  }
  html = html.replaceAll(RELAY_PLACEHOLDER, relayUrl)
  if (headScript !== undefined) {
    html = html.replace('<head>', `<head>\n  <script src="${HEAD_SCRIPT_PATH}"></script>`)
  }
  return send(res, 200, types.html, html)
}

async function sendFile(res: ServerResponse, file: string, type: string): Promise<void> {
  try {
    send(res, 200, type, await readFile(file))
  } catch {
    send(res, 404, 'text/plain', 'Not found')
  }
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' })
  res.end(body)
}

async function indexPage(): Promise<string> {
  const links = (await listPages()).map((p) => `<li><a href="/${p}">${p}</a></li>`).join('\n')
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Parley examples</title><link rel="stylesheet" href="/site.css"></head>
<body><main><h1>Parley examples</h1><ul>
${links}
</ul></main></body>
</html>
`
}
