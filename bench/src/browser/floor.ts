/**
 * The page view's floor: what any launcher costs this machine's Chromium in the same window, so the
 * page-view figures can be read against it. A server stands in for the relay and answers
 * `/widget.js` with `floorLauncher`, the least a launcher can be: one named, round, fixed button in
 * a shadow root after `<body>`, made the way a script must under a strict CSP (CSSOM, no inline
 * style). The bench measures it exactly as it measures Parley's loader (boot.ts).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Runs in the page (serialized): keep it self-contained. */
export function floorLauncher(): void {
  const host = document.createElement('div')
  host.id = 'parley-widget'
  const button = document.createElement('button')
  button.dataset.parley = 'launcher'
  button.setAttribute('aria-label', 'Chat')
  button.style.cssText =
    'position:fixed;right:20px;bottom:20px;width:56px;height:56px;border:0;border-radius:50%;background:#2563eb'
  host.attachShadow({ mode: 'open' }).append(button)
  document.body.after(host)
}

export interface FloorScript {
  /** Origin of the stand-in: a host page made with it as the relay loads `floorLauncher`. */
  url: string
  close(): Promise<void>
}

export async function startFloorScript(): Promise<FloorScript> {
  // tsx (esbuild keepNames) may wrap functions in `__name(…)`, a helper the page lacks.
  const body = `(() => { const __name = (f) => f; (${floorLauncher.toString()})() })()`
  const server = createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://floor').pathname !== '/widget.js') {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' })
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
