/**
 * The visitor's connection to the relay: session token and conversation id, kept per relay URL
 * (and app) where `data-persist` says, so a reload resumes the conversation (the loader reads
 * `conversationId` in sessionStorage to decide whether to load the app at once).
 */
import { atom, type ReadableAtom } from 'nanostores'
import type { TokenSource } from '../api/relay-client.ts'
import { storageKey } from '../config.ts'

export interface SessionState {
  token: string | null
  conversationId: string | null
  /** The signed-in user the session was asked for (a user token's `sub`); null: anonymous. */
  user: string | null
}

export interface SessionStore {
  $session: ReadableAtom<SessionState>
  /** Where the relay client reads the token and puts a renewed one. */
  tokens: TokenSource
  setConversationId(conversationId: string | null): void
  /**
   * Goes on as `user` (null: anonymous): another user than the session's gets a new session and
   * conversation. Returns whether the user changed.
   */
  switchUser(user: string | null): boolean
  /**
   * Starts saving: the visitor has interacted (opened the panel, sent a message). Until then the
   * session lives in memory only, unless this browser saved one before.
   */
  keep(): void
  /** Forgets the session and its conversation, here and in storage. */
  forget(): void
  /** Stops saving; storage keeps what was saved. */
  destroy(): void
}

/**
 * Where a session is kept (`data-persist`): `tab` sessionStorage (this tab, reloads included),
 * `browser` localStorage (every tab, later visits), `none` nowhere (this page view only).
 */
export type Persist = 'tab' | 'browser' | 'none'

export function storageFor(persist: Persist): Storage | null {
  try {
    if (persist === 'tab') return window.sessionStorage
    if (persist === 'browser') return window.localStorage
  } catch {
    // sandboxed frames and disabled storage throw on access
  }
  return null
}

function load(storage: Storage | null, key: string): SessionState {
  let saved: Partial<Record<keyof SessionState, unknown>> = {}
  try {
    saved = JSON.parse(storage?.getItem(key) ?? '{}') ?? {}
  } catch {}
  return {
    token: typeof saved.token === 'string' ? saved.token : null,
    conversationId: typeof saved.conversationId === 'string' ? saved.conversationId : null,
    user: typeof saved.user === 'string' ? saved.user : null,
  }
}

const EMPTY: SessionState = { token: null, conversationId: null, user: null }

/**
 * The saved session for `relay` (or an empty one), saving every change; `dataApp` is the tag's
 * `data-app` as written (see storageKey). A session saved for another user than `user` (the page's
 * signed-in user, null: anonymous) is not taken up: on a shared computer, the next person on the
 * site does not see the last one's conversation.
 */
export function createSession(
  relay: string,
  dataApp?: string,
  user: string | null = null,
  persist: Persist = 'tab',
): SessionStore {
  const key = storageKey(relay, dataApp)
  const storage = storageFor(persist)
  const saved = load(storage, key)
  const $session = atom(saved.user === user ? saved : { ...EMPTY, user })
  const update = (patch: Partial<SessionState>) => $session.set({ ...$session.get(), ...patch })
  // A session saved earlier was saved after an interaction: it goes on being saved.
  let keeping = saved.token !== null
  const save = (value: SessionState) => {
    if (!keeping) return
    try {
      storage?.setItem(key, JSON.stringify(value))
    } catch {}
  }
  const unlisten = $session.listen(save)
  return {
    $session,
    tokens: { get: () => $session.get().token, set: (token) => update({ token }) },
    setConversationId(conversationId) {
      if ($session.get().conversationId !== conversationId) update({ conversationId })
    },
    switchUser(next) {
      if ($session.get().user === next) return false
      $session.set({ ...EMPTY, user: next })
      return true
    },
    keep() {
      if (keeping) return
      keeping = true
      save($session.get())
    },
    forget() {
      $session.set(EMPTY)
      try {
        storage?.removeItem(key)
      } catch {}
    },
    destroy: unlisten,
  }
}
