/**
 * The visitor's conversations, in the panel in place of the chat: newest activity first, a page at
 * a time; open one, rename it inline, delete it after a confirmation, start a new one, and (for an
 * anonymous visitor) forget this browser. Everything is a native button or input, so it works by
 * keyboard; what changes is said in a polite status region. This is the history chunk: it renders
 * with the app's Preact (chunks/host.ts), so only the hooks HostModules lists are used here.
 */
import { useStore } from '@nanostores/preact'
import type { ConversationSummary } from '@parley/shared'
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'
import { isRelayError } from '../api/relay-client.ts'
import { useSheet } from '../chunks/use-sheet.ts'
import type { Widget } from '../ui/widget-context.ts'
import { Confirm } from './Confirm.tsx'
import { ConversationRow } from './ConversationRow.tsx'
import { conversationsApi } from './conversations-api.ts'
import { historyStrings } from './strings.ts'
import { HISTORY_CSS } from './styles.ts'
import { openTabChannel } from './tab-channel.ts'

export interface HistoryProps {
  widget: Pick<Widget, 'view' | 'chat' | 'session' | 'relay'>
  /** Back to the chat; `opened`: a conversation was opened or started there. */
  onClose(opened: boolean): void
}

/** Where focus goes after the next render: a row (by conversation id), the heading, "forget me". */
type FocusTarget = { row: string } | 'heading' | 'forget' | null

export function History({ widget, onClose }: HistoryProps) {
  const { view, chat, session, relay } = widget
  const { t: app, lang } = view
  const t = historyStrings(lang)
  const [api] = useState(() => conversationsApi(relay))
  const { conversationId, user } = useStore(session.$session)
  const [items, setItems] = useState<ConversationSummary[] | null>(null)
  const [hasMore, setHasMore] = useState(false)
  const [failed, setFailed] = useState(false)
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState('')
  const [forgetting, setForgetting] = useState(false)
  const [focus, setFocus] = useState<FocusTarget>('heading')
  const self = useRef<HTMLElement>(null)
  const alive = useRef(true)
  // One channel for the view's life (a BroadcastChannel must be closed).
  const [channel] = useState(() => openTabChannel(view.config))
  useSheet(self, HISTORY_CSS)

  const load = async (after?: ConversationSummary[]) => {
    setBusy(true)
    setFailed(false)
    try {
      const page = await api.list(after?.at(-1)?.id)
      if (!alive.current) return
      const known = new Set(after?.map((c) => c.id))
      const next = [...(after ?? []), ...page.conversations.filter((c) => !known.has(c.id))]
      setItems(next)
      setHasMore(page.hasMore)
      setStatus(next.length ? t.count.replace('{}', String(next.length)) : t.empty)
      // After "show more", focus goes to the first conversation that came in.
      const arrived = after?.length ? next[after.length] : undefined
      if (arrived) setFocus({ row: arrived.id })
    } catch {
      if (alive.current) setFailed(true)
    } finally {
      if (alive.current) setBusy(false)
    }
  }

  useEffect(() => {
    void load()
    // Another tab answered, renamed, deleted or forgot: the list is fetched again.
    channel?.listen(() => void load())
    return () => {
      alive.current = false
      channel?.close()
    }
  }, [])

  useLayoutEffect(() => {
    if (!focus) return
    const root = self.current
    const selector =
      focus === 'heading'
        ? 'h2'
        : focus === 'forget'
          ? '[data-parley=forget]'
          : `[data-id="${CSS.escape(focus.row)}"] .open`
    const target = root?.querySelector<HTMLElement>(selector)
    target?.focus()
    setFocus(null)
  }, [focus])

  const open = async (id: string) => {
    try {
      await chat.open(id)
      onClose(true)
    } catch (e) {
      if (isRelayError(e) && e.code === 'not_found') {
        setItems((list) => list?.filter((c) => c.id !== id) ?? null)
      }
      setStatus(t.actionFailed)
    }
  }

  const rename = async (id: string, name: string) => {
    const renamed = await api.rename(id, name)
    setItems((list) => list?.map((c) => (c.id === id ? { ...c, name: renamed.name } : c)) ?? null)
    setStatus(t.renamed.replace('{}', renamed.name))
    channel?.post({ type: 'renamed', conversationId: id })
  }

  const remove = async (conversation: ConversationSummary) => {
    const { id } = conversation
    await api.remove(id)
    const list = items ?? []
    const at = list.findIndex((c) => c.id === id)
    const next = list.filter((c) => c.id !== id)
    setItems(next)
    const neighbour = next[Math.min(at, next.length - 1)]
    setFocus(neighbour ? { row: neighbour.id } : 'heading')
    setStatus(t.deleted.replace('{}', conversation.name || t.untitled))
    if (id === session.$session.get().conversationId) chat.reset()
    channel?.post({ type: 'deleted', conversationId: id })
  }

  const forget = () => {
    chat.reset()
    session.forget()
    channel?.post({ type: 'forgotten' })
    setForgetting(false)
    setItems([])
    setHasMore(false)
    setStatus(t.forgotten)
    setFocus('heading')
  }

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return
    e.stopPropagation()
    onClose(false)
  }

  return (
    <section
      ref={self}
      class="hist"
      data-parley="history-view"
      aria-labelledby="parley-hist"
      aria-busy={busy}
      onKeyDown={onKeyDown}
    >
      <h2 id="parley-hist" tabIndex={-1}>
        {app.history}
      </h2>
      {items === null && !failed && <p class="st">{t.loading}</p>}
      {failed && (
        <p class="err">
          {t.failed}{' '}
          <button type="button" class="btn" onClick={() => void load(items ?? undefined)}>
            {app.retry}
          </button>
        </p>
      )}
      {items?.length === 0 && <p class="st">{t.empty}</p>}
      {!!items?.length && (
        <ul class="convs" aria-labelledby="parley-hist">
          {items.map((c) => (
            <ConversationRow
              key={c.id}
              conversation={c}
              current={c.id === conversationId}
              t={t}
              lang={lang}
              onOpen={() => open(c.id)}
              onRename={(name) => rename(c.id, name)}
              onDelete={() => remove(c)}
            />
          ))}
        </ul>
      )}
      {hasMore && (
        <button
          type="button"
          class="btn"
          data-parley="history-more"
          disabled={busy}
          onClick={() => void load(items ?? undefined)}
        >
          {t.loadMore}
        </button>
      )}
      {!user &&
        (forgetting ? (
          <Confirm
            id="parley-forget"
            question={t.confirmForget}
            action={t.forget}
            cancel={t.cancel}
            onConfirm={forget}
            onCancel={() => {
              setForgetting(false)
              setFocus('forget')
            }}
          />
        ) : (
          <button
            type="button"
            class="link"
            data-parley="forget"
            onClick={() => setForgetting(true)}
          >
            {t.forget}
          </button>
        ))}
      <div class="sr" role="status">
        {status}
      </div>
    </section>
  )
}
