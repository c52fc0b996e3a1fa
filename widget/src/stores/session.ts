/**
 * The visitor's connection to the relay: session token and conversation id, kept in sessionStorage
 * per relay URL so a reload in the same tab resumes the conversation (the loader reads
 * `conversationId` there to decide whether to load the app at once).
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
  /** Forgets the session and its conversation, here and in sessionStorage. */
  forget(): void
  /** Stops saving; sessionStorage keeps what was saved. */
  destroy(): void
}

function storage(): Storage | null {
  try {
    return window.sessionStorage
  } catch {
    return null // sandboxed frames and disabled storage throw on access
  }
}

function load(key: string): SessionState {
  let saved: Partial<Record<keyof SessionState, unknown>> = {}
  try {
    saved = JSON.parse(storage()?.getItem(key) ?? '{}') ?? {}
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
): SessionStore {
  const key = storageKey(relay, dataApp)
  const saved = load(key)
  const $session = atom(saved.user === user ? saved : { ...EMPTY, user })
  const update = (patch: Partial<SessionState>) => $session.set({ ...$session.get(), ...patch })
  const unlisten = $session.listen((value) => {
    try {
      storage()?.setItem(key, JSON.stringify(value))
    } catch {}
  })
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
    forget() {
      $session.set(EMPTY)
      try {
        storage()?.removeItem(key)
      } catch {}
    },
    destroy: unlisten,
  }
}
