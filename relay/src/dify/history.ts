/** Dify `GET /messages` items → history turns the widget renders; nothing else leaves the relay. */
import type { HistoryMessage, HumanInputForm } from '@parley/shared'
import type { FrameContext } from './events.ts'
import { type FormDraft, readHumanInputForm } from './human-input.ts'
import { toSources } from './sources.ts'
import type { DifyMessage } from './types.ts'

const FAILED = 'The answer failed.'

/**
 * The form a paused message waits on (dify-api.md Part 2 §D.4): the first of its human-input
 * contents not yet answered, for the web app (`display_in_ui`), showable, and not expired at
 * `now` (Dify still lists a form that timed out). Null for every other message.
 */
export function pausedForm(message: DifyMessage, now: number): FormDraft | null {
  if (message.status !== 'paused') return null
  for (const item of message.extra_contents ?? []) {
    if (typeof item !== 'object' || item === null) continue
    const content = item as Record<string, unknown>
    if (content.type !== 'human_input' || content.submitted !== false) continue
    const reading = readHumanInputForm(content.form_definition, content.workflow_run_id)
    if (reading && 'draft' in reading && reading.draft.handle.expiresAt > now) return reading.draft
  }
  return null
}

/** `form`: the sealed form of `pausedForm`, when there is one. */
export function toHistoryMessage(
  message: DifyMessage,
  ctx: FrameContext,
  form: HumanInputForm | null = null,
): HistoryMessage {
  const rating = message.feedback?.rating
  const files: HistoryMessage['files'] = []
  const queryFiles: HistoryMessage['queryFiles'] = []
  for (const file of message.message_files ?? []) {
    const url = ctx.fileUrl(file.url)
    if (!url) continue
    const type = typeof file.type === 'string' ? file.type : 'file'
    if (file.belongs_to === 'assistant') files.push({ url, type })
    else if (file.belongs_to === 'user') {
      const name = typeof file.filename === 'string' ? file.filename.slice(0, 255) : ''
      queryFiles.push({ url, type, name })
    }
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
    queryFiles,
    status: failed ? 'error' : message.status === 'paused' ? 'paused' : 'normal',
    // Dify's saved error text can name providers, nodes or internal hosts: a fixed message instead.
    error: failed ? FAILED : null,
    form,
  }
}
