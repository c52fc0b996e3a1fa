/** Dify `GET /messages` items → history turns the widget renders; nothing else leaves the relay. */
import type { HistoryMessage } from '@parley/shared'
import type { FrameContext } from './events.ts'
import { toSources } from './sources.ts'
import type { DifyMessage } from './types.ts'

const FAILED = 'The answer failed.'

export function toHistoryMessage(message: DifyMessage, ctx: FrameContext): HistoryMessage {
  const rating = message.feedback?.rating
  const files: HistoryMessage['files'] = []
  for (const file of message.message_files ?? []) {
    // Only what the assistant produced, as in the live stream; the visitor's uploads are theirs already.
    if (file.belongs_to !== 'assistant') continue
    const url = ctx.fileUrl(file.url)
    if (url) files.push({ url, type: typeof file.type === 'string' ? file.type : 'file' })
  }
  const failed = message.status === 'error'
  return {
    id: message.id,
    conversationId: message.conversation_id,
    query: message.query ?? '',
    answer: message.answer ?? '',
    createdAt: (message.created_at ?? 0) * 1000,
    feedback: rating === 'like' || rating === 'dislike' ? rating : null,
    sources: toSources(message.retriever_resources, ctx.difyOrigin),
    files,
    status: failed ? 'error' : 'normal',
    // Dify's saved error text can name providers, nodes or internal hosts: a fixed message instead.
    error: failed ? FAILED : null,
  }
}
