/** `ChatRequestPayload` and the generator's own checks, in the order Dify applies them (dify-api.md §2.1). */
import { validateInputs } from './app-settings.ts'
import type { EmulatorContext } from './context.ts'
import type { JsonObject } from './http.ts'
import { DifyError, invalidParam, notFound, validationMessage } from './http.ts'
import type { AppMode, ConversationRecord, MessageFileRecord } from './state.ts'
import { findConversation, isUuid } from './state.ts'

export interface ChatRequest {
  query: string
  inputs: Record<string, unknown>
  blocking: boolean
  conversation: ConversationRecord | null
  userFiles: MessageFileRecord[]
}

const invalid = (field: string, detail: string) =>
  invalidParam(validationMessage('ChatRequestPayload', field, detail))

function payload(body: JsonObject) {
  const { query, inputs, response_mode: mode, conversation_id: id, files } = body
  if (query === undefined) throw invalid('query', 'Field required [type=missing]')
  if (typeof query !== 'string')
    throw invalid('query', 'Input should be a valid string [type=string_type]')
  if (inputs === undefined) throw invalid('inputs', 'Field required [type=missing]')
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
    throw invalid('inputs', 'Input should be a valid dictionary [type=dict_type]')
  }
  if (mode !== undefined && mode !== null && mode !== 'streaming' && mode !== 'blocking') {
    throw invalid('response_mode', "Input should be 'streaming' or 'blocking' [type=literal_error]")
  }
  if (id !== undefined && id !== null && typeof id !== 'string') {
    throw invalid('conversation_id', 'Input should be a valid string [type=string_type]')
  }
  const conversationId = typeof id === 'string' ? id.trim() : ''
  if (conversationId && !isUuid(conversationId)) {
    throw invalid(
      'conversation_id',
      'Value error, conversation_id must be a valid UUID [type=value_error]',
    )
  }
  if (files !== undefined && files !== null && !Array.isArray(files)) {
    throw invalid('files', 'Input should be a valid list [type=list_type]')
  }
  return {
    query: query.replaceAll('\0', ''),
    inputs: inputs as Record<string, unknown>,
    blocking: mode !== 'streaming',
    conversationId: conversationId.toLowerCase(),
    files: (files ?? []) as unknown[],
  }
}

/** `files` is dropped silently when the app has upload off; otherwise each item is checked. */
export function userFiles(
  ctx: EmulatorContext,
  user: string,
  files: unknown[],
): MessageFileRecord[] {
  if (!ctx.app.fileUpload) return []
  if (files.length > 3) throw invalidParam('Number of image files exceeds the maximum limit 3')
  return files.map((item) => {
    const file = (typeof item === 'object' && item !== null ? item : {}) as JsonObject
    const method = file.transfer_method
    const type = typeof file.type === 'string' ? file.type : 'custom'
    if (method === 'remote_url' && typeof (file.url ?? file.remote_url) === 'string') {
      const url = String(file.url ?? file.remote_url)
      const record: MessageFileRecord = {
        id: crypto.randomUUID(),
        type,
        url,
        belongs_to: 'user',
        transfer_method: 'remote_url',
        upload_file_id: null,
      }
      return record
    }
    const id = typeof file.upload_file_id === 'string' ? file.upload_file_id : ''
    const upload = ctx.state.files.get(id)
    if (method !== 'local_file' || !upload || upload.user !== user) {
      throw invalidParam('Invalid upload file id')
    }
    const url = `/files/${id}/file-preview`
    return {
      id: crypto.randomUUID(),
      type,
      url,
      belongs_to: 'user',
      transfer_method: 'local_file',
      upload_file_id: id,
    }
  })
}

export function parseChatRequest(
  ctx: EmulatorContext,
  body: JsonObject,
  user: string,
  mode: AppMode,
): ChatRequest {
  const p = payload(body)
  if (!p.query) throw invalidParam('query is required')
  if (mode === 'agent-chat' && p.blocking) {
    throw invalidParam('Agent Chat App does not support blocking mode')
  }
  let conversation: ConversationRecord | null = null
  if (p.conversationId) {
    conversation = findConversation(ctx.state, p.conversationId, user) ?? null
    if (!conversation) throw notFound('Conversation Not Exists.')
  }
  let inputs: Record<string, unknown>
  try {
    inputs = validateInputs(ctx.app.userInputForm, p.inputs)
  } catch (error) {
    throw error instanceof DifyError ? error : invalidParam((error as Error).message)
  }
  return {
    query: p.query,
    inputs,
    blocking: p.blocking,
    conversation,
    userFiles: userFiles(ctx, user, p.files),
  }
}
