import type { ConversationSummary } from '@parley/shared'
import { MAX_CONVERSATION_NAME_CHARS } from '@parley/shared'
import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import { Svg } from '../ui/Icon.tsx'
import { Confirm } from './Confirm.tsx'
import type { HistoryStrings } from './strings.ts'
import { when } from './when.ts'

/** The relay's rule for a name: 1–100 characters once trimmed, no control characters. */
const CONTROL = /\p{Cc}/u

export function validName(name: string): boolean {
  const trimmed = name.trim()
  return (
    trimmed.length > 0 &&
    [...trimmed].length <= MAX_CONVERSATION_NAME_CHARS &&
    !CONTROL.test(trimmed)
  )
}

const PENCIL = 'M4 20h4L19 9l-4-4L4 16zM14 6l4 4'
const TRASH = 'M4 7h16M10 11v6m4-6v6M6 7l1 13h10l1-13M9 7V4h6v3'

interface RowProps {
  conversation: ConversationSummary
  /** The conversation the chat shows. */
  current: boolean
  t: HistoryStrings
  lang: string
  onOpen(): void
  /** Rejects when the relay refuses. */
  onRename(name: string): Promise<void>
  onDelete(): Promise<void>
}

type Mode = 'view' | 'rename' | 'confirm'

/** One conversation: open it, rename it in place (Enter saves, Escape cancels), or delete it. */
export function ConversationRow({
  conversation,
  current,
  t,
  lang,
  onOpen,
  onRename,
  onDelete,
}: RowProps) {
  const { id, name, updatedAt } = conversation
  const title = name || t.untitled
  const [mode, setMode] = useState<Mode>('view')
  const [draft, setDraft] = useState(name)
  const [error, setError] = useState('')
  const [saving, setSaving] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const renameButton = useRef<HTMLButtonElement>(null)
  const deleteButton = useRef<HTMLButtonElement>(null)
  /** Back in view mode from renaming or confirming: focus returns to the button that started it. */
  const returnTo = useRef<typeof renameButton | null>(null)
  useLayoutEffect(() => {
    if (mode === 'rename') {
      input.current?.focus()
      input.current?.select()
    }
    if (mode === 'view') {
      returnTo.current?.current?.focus()
      returnTo.current = null
    }
  }, [mode])

  const back = () => {
    returnTo.current = renameButton
    setError('')
    setMode('view')
  }
  const save = async () => {
    if (!validName(draft)) {
      setError(t.nameInvalid)
      return
    }
    setSaving(true)
    try {
      await onRename(draft.trim())
      back()
    } catch {
      setError(t.actionFailed)
    } finally {
      setSaving(false)
    }
  }
  const remove = async () => {
    try {
      await onDelete()
    } catch {
      returnTo.current = deleteButton
      setError(t.actionFailed)
      setMode('view')
    }
  }
  const errorId = `parley-err-${id}`

  if (mode === 'rename') {
    return (
      <li class="conv" data-id={id}>
        <form
          class="ren"
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          <input
            ref={input}
            value={draft}
            maxLength={MAX_CONVERSATION_NAME_CHARS}
            aria-label={t.name}
            data-parley="name"
            aria-invalid={!!error}
            aria-describedby={error ? errorId : undefined}
            onInput={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Escape') return
              e.preventDefault()
              e.stopPropagation()
              back()
            }}
          />
          <button type="submit" class="btn" disabled={saving}>
            {t.save}
          </button>
          <button type="button" class="btn" onClick={back}>
            {t.cancel}
          </button>
          {error && (
            <p class="err" id={errorId} role="alert">
              {error}
            </p>
          )}
        </form>
      </li>
    )
  }
  if (mode === 'confirm') {
    return (
      <li class="conv" data-id={id}>
        <Confirm
          id={`parley-q-${id}`}
          question={t.confirmDelete.replace('{}', title)}
          action={t.confirm}
          cancel={t.cancel}
          onConfirm={() => void remove()}
          onCancel={() => {
            returnTo.current = deleteButton
            setMode('view')
          }}
        />
      </li>
    )
  }
  return (
    <li class="conv" data-id={id}>
      <button
        type="button"
        class="open"
        aria-current={current ? 'true' : undefined}
        onClick={onOpen}
      >
        <span class="nm">{title}</span>
        <time class="st" dateTime={new Date(updatedAt).toISOString()}>
          {when(updatedAt, lang)}
        </time>
      </button>
      <button
        type="button"
        class="ib"
        ref={renameButton}
        data-parley="rename"
        aria-label={t.rename.replace('{}', title)}
        onClick={() => {
          setDraft(name)
          setMode('rename')
        }}
      >
        <Svg d={PENCIL} />
      </button>
      <button
        type="button"
        class="ib"
        ref={deleteButton}
        data-parley="delete"
        aria-label={t.delete.replace('{}', title)}
        onClick={() => setMode('confirm')}
      >
        <Svg d={TRASH} />
      </button>
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
    </li>
  )
}
