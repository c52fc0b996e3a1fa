/**
 * The visitor's connection to the relay: session token and conversation id, kept in sessionStorage
 * per relay URL so a reload in the same tab resumes the conversation.
 */
import { atom } from 'nanostores'
import type { RelayClient } from '../api/relay-client.ts'
import { createRelayClient } from '../api/relay-client.ts'

export interface SessionState {
  token: string | null
  conversationId: string | null
}

export const $session = atom<SessionState>({ token: null, conversationId: null })

let client: RelayClient | null = null

export const storageKey = (relay: string): string => `parley:${relay}`

function storage(): Storage | null {
  try {
    return window.sessionStorage
  } catch {
    return null // sandboxed frames and disabled storage throw on access
  }
}

/** Loads the saved session for `relay`, creates the client, and saves every change. */
export function startSession(relay: string, fetchFn?: typeof fetch): () => void {
  const key = storageKey(relay)
  let saved: Partial<SessionState> = {}
  try {
    saved = JSON.parse(storage()?.getItem(key) ?? '{}') as Partial<SessionState>
  } catch {}
  $session.set({
    token: typeof saved.token === 'string' ? saved.token : null,
    conversationId: typeof saved.conversationId === 'string' ? saved.conversationId : null,
  })
  client = createRelayClient(
    relay,
    { get: () => $session.get().token, set: (token) => $session.set({ ...$session.get(), token }) },
    fetchFn,
  )
  const unlisten = $session.listen((value) => {
    try {
      storage()?.setItem(key, JSON.stringify(value))
    } catch {}
  })
  return () => {
    unlisten()
    client = null
    $session.set({ token: null, conversationId: null })
  }
}

/** The client of the started session (actions run only between init and destroy). */
export const relay = (): RelayClient => client as RelayClient

export function setConversationId(conversationId: string | null): void {
  if ($session.get().conversationId !== conversationId) {
    $session.set({ ...$session.get(), conversationId })
  }
}
