/**
 * The host element, its shadow root and the launcher button, drawn with plain DOM calls (no
 * framework on every page view). The app later renders its panel into the same shadow root and
 * drives this same button, so focus and position survive the hand-over.
 */
import type { LoaderConfig } from '../config.ts'
import type { LauncherHandle } from '../handoff.ts'
import { BASE_CSS } from './base-css.ts'

export const HOST_ID = 'parley-widget'

export interface Drawn {
  host: HTMLElement
  root: ShadowRoot
  /** The `.root` element carrying direction and accent. */
  frame: HTMLElement
}

/** `tag` with `attrs` set as attributes, appended to `parent`. */
function add<K extends keyof HTMLElementTagNameMap>(
  parent: ParentNode,
  tag: K,
  attrs: Record<string, string>,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value)
  parent.append(el)
  return el
}

export function drawHost(
  config: LoaderConfig,
  parent: Element,
  lang: string,
  dir: 'ltr' | 'rtl',
  id: string,
): Drawn {
  const host = add(parent, 'div', { id, 'data-mode': config.mode })
  const root = host.attachShadow({ mode: 'open' })
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(BASE_CSS)
  root.adoptedStyleSheets = [sheet]
  const frame = add(root, 'div', { class: `root ${config.mode} ${config.position}`, dir, lang })
  frame.style.setProperty('--a', `var(--parley-accent,${config.color})`)
  return { host, root, frame }
}

export interface Launcher extends LauncherHandle {
  /** The app could not be loaded: say so until the next try. */
  failed(failed: boolean): void
}

/**
 * `icon`: data-icon, an image (its URL as the tag has it, relative to the page, loaded as an image
 * only) or `none` (no glyph: a host stylesheet draws one through `::part(launcher)`); none given:
 * the chat glyph. Open, the launcher shows its close glyph either way.
 */
export function drawLauncher(
  frame: HTMLElement,
  label: string,
  failedText: string,
  icon?: string,
): Launcher {
  // No type="button": no form reaches into the shadow root.
  const button = add(frame, 'button', {
    class: icon ? 'launch i' : 'launch',
    part: 'launcher',
    'data-parley': 'launcher',
    'aria-label': label,
    'aria-controls': 'parley-panel',
    'aria-expanded': 'false',
  })
  // The glyph box (glyphs.ts); the stylesheets draw the chat bubble or, open, the ×.
  add(button, 'span', { class: 'g' })
  // The button's name is its label: the image says nothing more.
  // Open, the app's stylesheet hides it for the close glyph.
  if (icon && icon !== 'none') add(button, 'img', { src: icon, alt: '' })
  // Announces a failed load (a changed description alone is silent for most screen readers).
  const live = add(frame, 'span', { class: 'sr', role: 'status' })
  return {
    button,
    show({ open }) {
      button.setAttribute('aria-expanded', String(open))
    },
    failed(failed) {
      button.classList.toggle('fail', failed)
      button.title = live.textContent = failed ? failedText : ''
    },
  }
}
