/** Panel open/closed, unread dot, resolved theme. */
import { atom } from 'nanostores'
import { emit } from '../events.ts'

export interface UiState {
  open: boolean
  unread: boolean
  dark: boolean
}

export const $ui = atom<UiState>({ open: false, unread: false, dark: false })

export function setUi(patch: Partial<UiState>): void {
  $ui.set({ ...$ui.get(), ...patch })
}

export function openPanel(): void {
  if ($ui.get().open) return
  setUi({ open: true, unread: false })
  emit('open', {})
}

export function closePanel(): void {
  if (!$ui.get().open) return
  setUi({ open: false })
  emit('close', {})
}

export function togglePanel(): void {
  if ($ui.get().open) closePanel()
  else openPanel()
}

/** An answer arrived: show the dot when nobody is looking. */
export function markUnread(): void {
  if (!$ui.get().open) setUi({ unread: true })
}

/** Follows data-theme, and the system setting for `auto`. Returns the unsubscribe. */
export function followTheme(theme: 'light' | 'dark' | 'auto'): () => void {
  if (theme !== 'auto' || typeof matchMedia !== 'function') {
    setUi({ dark: theme === 'dark' })
    return () => {}
  }
  const query = matchMedia('(prefers-color-scheme: dark)')
  const update = () => setUi({ dark: query.matches })
  update()
  query.addEventListener?.('change', update)
  return () => query.removeEventListener?.('change', update)
}
