/**
 * What one tab tells the others of the same browser when the session is shared (`data-persist=
 * "browser"`): a conversation answered, renamed or deleted, or this browser forgotten. Any script of
 * the host page's origin can post on a BroadcastChannel, so what arrives is checked, and it only
 * ever leads to refetching the visitor's own data from the relay.
 */
import type { WidgetConfig } from '../config.ts'
import { storageKey } from '../config.ts'

export type TabMessage =
  | { type: 'answered' | 'renamed' | 'deleted'; conversationId: string }
  | { type: 'forgotten' }

export interface TabChannel {
  post(message: TabMessage): void
  listen(fn: (message: TabMessage) => void): void
  close(): void
}

const MAX_ID_CHARS = 128

function isTabMessage(data: unknown): data is TabMessage {
  if (typeof data !== 'object' || data === null) return false
  const { type, conversationId } = data as Record<string, unknown>
  if (type === 'forgotten') return true
  return (
    (type === 'answered' || type === 'renamed' || type === 'deleted') &&
    typeof conversationId === 'string' &&
    conversationId.length > 0 &&
    conversationId.length <= MAX_ID_CHARS
  )
}

/** The channel of this widget's stored session; null when the session is not shared by tabs. */
export function openTabChannel(
  config: Pick<WidgetConfig, 'persist' | 'relay' | 'app'>,
): TabChannel | null {
  if (config.persist !== 'browser' || typeof BroadcastChannel !== 'function') return null
  const channel = new BroadcastChannel(storageKey(config.relay, config.app ?? undefined))
  return {
    post: (message) => channel.postMessage(message),
    listen(fn) {
      channel.addEventListener('message', ({ data }: MessageEvent) => {
        if (isTabMessage(data)) fn(data)
      })
    },
    close: () => channel.close(),
  }
}
