/**
 * The page view's floor: what any launcher costs this machine's Chromium in the same window, so the
 * page-view figures can be read against it. A server stands in for the relay and answers
 * `/widget.js` with `floorLauncher`, the least a launcher can be: one named, round, fixed button in
 * a shadow root after `<body>`, made the way a script must under a strict CSP (CSSOM, no inline
 * style). The bench measures it exactly as it measures Parley's loader (boot.ts).
 */
import { inPage } from './chromium.ts'
import { type Loopback, serveLoopback } from './loopback.ts'

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

/** The stand-in's origin: a host page made with it as the relay loads `floorLauncher`. */
export function startFloorScript(): Promise<Loopback> {
  const body = inPage(floorLauncher)
  return serveLoopback((req, res) => {
    if (new URL(req.url ?? '/', 'http://floor').pathname !== '/widget.js') {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' })
    res.end(body)
  })
}
