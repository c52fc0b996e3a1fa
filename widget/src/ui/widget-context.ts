/** One widget's stores and view, handed to every component through one Preact context. */
import type { WritableAtom } from 'nanostores'
import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { RelayClient } from '../api/relay-client.ts'
import type { Emit } from '../events.ts'
import type { AppInfoStore } from '../stores/app-info.ts'
import type { ChatStore } from '../stores/chat.ts'
import type { IdentityStore } from '../stores/identity.ts'
import type { PanelStore } from '../stores/panel.ts'
import type { SessionStore } from '../stores/session.ts'
import type { View } from './view.ts'

export interface Widget {
  view: View
  relay: RelayClient
  chat: ChatStore
  session: SessionStore
  appInfo: AppInfoStore
  panel: PanelStore
  identity: IdentityStore
  /** What the composer holds (kept while the panel is closed; Parley.open({ message }) sets it). */
  $draft: WritableAtom<string>
  /** Tells the page: events from this widget's host element. */
  emit: Emit
}

export const WidgetContext = createContext<Widget | null>(null)

export function useWidget(): Widget {
  const widget = useContext(WidgetContext)
  if (!widget) throw new Error('Parley: a component rendered outside <WidgetContext.Provider>')
  return widget
}
