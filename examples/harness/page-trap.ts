/**
 * A script the cross-engine stack loads first in every page's `<head>`, before the widget
 * (`startStack(env, { headScript: PAGE_TRAP })`). It keeps, in `window.__parleyTrap`:
 *
 * - `errors`: every `console.error` call, uncaught exception, unhandled rejection and failed
 *   resource load of the document. WebKit's WebDriver (classic) has no console log and no way to
 *   run a script before the page's own, so this is how the WebKit driver sees console errors.
 *   Chromium and Firefox report them through their protocols instead (which also see the errors the
 *   browser itself logs, e.g. a failed request).
 * - `csp`: every Content-Security-Policy violation, in every engine.
 *
 * Plain JavaScript (it is served as is), ES2017 so every engine parses it.
 */
export const PAGE_TRAP = `(() => {
  'use strict'
  const errors = []
  const csp = []
  Object.defineProperty(window, '__parleyTrap', { value: { errors, csp } })
  const text = (value) => {
    if (value instanceof Error) return value.name + ': ' + value.message
    if (typeof value === 'string') return value
    try {
      return JSON.stringify(value)
    } catch (e) {
      return String(value)
    }
  }
  const original = console.error
  console.error = function (...args) {
    errors.push(args.map(text).join(' '))
    return original.apply(this, args)
  }
  window.addEventListener(
    'error',
    (event) => {
      const target = event.target
      if (target && target !== window && target.tagName) {
        errors.push('failed to load <' + target.tagName.toLowerCase() + '> ' + (target.src || target.href || ''))
      } else {
        errors.push('uncaught: ' + (event.error ? text(event.error) : event.message))
      }
    },
    true,
  )
  window.addEventListener('unhandledrejection', (event) => {
    errors.push('uncaught (in promise): ' + text(event.reason))
  })
  document.addEventListener(
    'securitypolicyviolation',
    (event) => csp.push(event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline')),
    true,
  )
})()
`

export interface PageTrap {
  errors: string[]
  csp: string[]
}
