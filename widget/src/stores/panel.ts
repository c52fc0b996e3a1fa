/** The panel as the visitor sees it: open or closed, the unread dot, light or dark. */
import { atom, type ReadableAtom } from 'nanostores'
import type { AppOptions } from '../config.ts'
import type { Emit } from '../events.ts'

export interface PanelState {
  open: boolean
  unread: boolean
  dark: boolean
}

export interface PanelStore {
  $panel: ReadableAtom<PanelState>
  open(): void
  close(): void
  toggle(): void
  /** An answer arrived: show the dot when nobody is looking. */
  markUnread(): void
  /** What the dot was for has been seen (the teaser, dismissed). */
  markRead(): void
  /** Stops following the system's color scheme. */
  destroy(): void
}

/**
 * `theme` is data-theme (`auto` follows `prefers-color-scheme`); an inline panel is `open` from the
 * start, without an `open` event.
 */
export function createPanel(theme: AppOptions['theme'], emit: Emit, open = false): PanelStore {
  const $panel = atom<PanelState>({ open, unread: false, dark: theme === 'dark' })
  const update = (patch: Partial<PanelState>) => $panel.set({ ...$panel.get(), ...patch })
  let unfollow = () => {}
  if (theme === 'auto' && typeof matchMedia === 'function') {
    const query = matchMedia('(prefers-color-scheme: dark)')
    const follow = () => update({ dark: query.matches })
    follow()
    query.addEventListener?.('change', follow)
    unfollow = () => query.removeEventListener?.('change', follow)
  }
  const show = () => {
    if ($panel.get().open) return
    update({ open: true, unread: false })
    emit('open', {})
  }
  const hide = () => {
    if (!$panel.get().open) return
    update({ open: false })
    emit('close', {})
  }
  return {
    $panel,
    open: show,
    close: hide,
    toggle: () => ($panel.get().open ? hide() : show()),
    markUnread() {
      if (!$panel.get().open) update({ unread: true })
    },
    markRead() {
      if ($panel.get().unread) update({ unread: false })
    },
    destroy: () => unfollow(),
  }
}
