/** The conversation as shown: messages, and suggested questions after the latest answer. */
import { atom } from 'nanostores'
import type { ChatMessage } from './reducer.ts'

export const $messages = atom<ChatMessage[]>([])

export const $suggestions = atom<string[]>([])

/** Text for the polite live region: the latest COMPLETE answer, never a partial one. */
export const $announcement = atom('')

export function findMessage(id: string): ChatMessage | undefined {
  return $messages.get().find((m) => m.id === id)
}

export function putMessage(message: ChatMessage): void {
  $messages.set($messages.get().map((m) => (m.id === message.id ? message : m)))
}

export function isStreaming(messages: ChatMessage[]): boolean {
  return messages.some((m) => m.state === 'streaming')
}
