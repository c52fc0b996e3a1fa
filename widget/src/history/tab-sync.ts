/**
 * Tabs of one browser sharing a session (`data-persist="browser"`) show one conversation: when an
 * answer ends in one tab, the others (unless an answer is streaming there) show that conversation
 * with it; a conversation deleted in one leaves the others; "forget me" in one forgets in all.
 * What a tab hears only ever makes it fetch the visitor's own conversation from the relay.
 */
import type { Widget } from '../ui/widget-context.ts'
import { openTabChannel } from './tab-channel.ts'

/** Starts syncing; returns the stop. Nothing happens unless the session is shared by tabs. */
export function syncTabs({ view, chat, session }: Pick<Widget, 'view' | 'chat' | 'session'>) {
  const channel = openTabChannel(view.config)
  if (!channel) return () => {}
  const conversationId = () => session.$session.get().conversationId
  let streaming = chat.$streaming.get()
  const unlisten = chat.$streaming.listen((now) => {
    const id = conversationId()
    if (streaming && !now && id) channel.post({ type: 'answered', conversationId: id })
    streaming = now
  })
  channel.listen((message) => {
    if (message.type === 'forgotten') {
      chat.reset()
      session.forget()
    } else if (message.type === 'deleted') {
      if (message.conversationId === conversationId()) chat.reset()
    } else if (message.type === 'answered' && !chat.$streaming.get()) {
      chat.open(message.conversationId).catch(() => {})
    }
  })
  return () => {
    unlisten()
    channel.close()
  }
}
