/** The relay's conversation routes, through the app's relay client (its session and retries). */
import type {
  ConversationSummary,
  ConversationsResponse,
  RenameConversationRequest,
} from '@parley/shared'
import { ROUTES } from '@parley/shared'
import type { RelayClient } from '../api/relay-client.ts'

/** Conversations per page of the list. */
export const PAGE_SIZE = 20

export interface ConversationsApi {
  /** The page after `lastId` (the first page without it), newest activity first. */
  list(lastId?: string): Promise<ConversationsResponse>
  rename(id: string, name: string): Promise<ConversationSummary>
  remove(id: string): Promise<void>
}

export function conversationsApi(relay: Pick<RelayClient, 'request'>): ConversationsApi {
  return {
    list(lastId) {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) })
      if (lastId) query.set('lastId', lastId)
      return relay.request(`${ROUTES.conversations}?${query}`) as Promise<ConversationsResponse>
    },
    rename(id, name) {
      const body: RenameConversationRequest = { name }
      return relay.request(ROUTES.conversation(id), {
        method: 'PATCH',
        body: JSON.stringify(body),
      }) as Promise<ConversationSummary>
    },
    async remove(id) {
      await relay.request(ROUTES.conversation(id), { method: 'DELETE' })
    },
  }
}
