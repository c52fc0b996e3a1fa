/** Dify's SSE frames for `/chat-messages`: the framing, the common envelope and the metadata shapes. */
import type { MessageFileRecord, RetrieverResource } from './state.ts'

/** Dify writes a keep-alive as a bare event line with no `data:` (dify-api.md §3.1). */
export const PING_FRAME = 'event: ping\n\n'

/** One dict → one frame: compact JSON (orjson since v1.8.1), raw UTF-8, no `event:` line. */
export function dataFrame(payload: Record<string, unknown>): string {
  return `data: ${JSON.stringify(payload)}\n\n`
}

/** The ids every frame of one run carries. */
export interface RunIds {
  conversationId: string
  messageId: string
  taskId: string
  createdAt: number
}

/**
 * `{event, conversation_id, message_id, created_at, task_id, …fields}`: the full converter's order.
 * A text generator's frames have no `conversation_id` (`CompletionAppStreamResponse`): its
 * `conversationId` is ''.
 */
export function envelope(
  ids: RunIds,
  event: string,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  return {
    event,
    ...(ids.conversationId !== '' && { conversation_id: ids.conversationId }),
    message_id: ids.messageId,
    created_at: ids.createdAt,
    task_id: ids.taskId,
    ...fields,
  }
}

/** Error frames are the one kind without `task_id`. */
export function errorEnvelope(
  ids: RunIds,
  error: { code: string; status: number; message: string },
): Record<string, unknown> {
  return {
    event: 'error',
    ...(ids.conversationId !== '' && { conversation_id: ids.conversationId }),
    message_id: ids.messageId,
    created_at: ids.createdAt,
    code: error.code,
    message: error.message,
    status: error.status,
  }
}

/** A workflow app's frames: `{event, workflow_run_id, task_id, …fields}` (dify-api.md Part 2 §B.1). */
export function workflowEnvelope(
  runId: string,
  ids: RunIds,
  event: string,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  return { event, workflow_run_id: runId, task_id: ids.taskId, ...fields }
}

/** A workflow app's `error` frame: top-level `code, status, message`, no `task_id`. */
export function workflowErrorEnvelope(
  runId: string,
  error: { code: string; status: number; message: string },
): Record<string, unknown> {
  return {
    event: 'error',
    workflow_run_id: runId,
    code: error.code,
    status: error.status,
    message: error.message,
  }
}

/** graphon `LLMUsage`: token counts are ints, every price a Decimal serialised as a string. */
export function usage(query: string, answer: string, latency: number): Record<string, unknown> {
  const promptTokens = 12 + Math.ceil(query.length / 4)
  const completionTokens = Math.ceil(answer.length / 4)
  const price = (tokens: number, unit: number) => (tokens * unit * 0.000001).toFixed(7)
  return {
    prompt_tokens: promptTokens,
    prompt_unit_price: '0.15',
    prompt_price_unit: '0.000001',
    prompt_price: price(promptTokens, 0.15),
    completion_tokens: completionTokens,
    completion_unit_price: '0.6',
    completion_price_unit: '0.000001',
    completion_price: price(completionTokens, 0.6),
    total_tokens: promptTokens + completionTokens,
    total_price: (Number(price(promptTokens, 0.15)) + Number(price(completionTokens, 0.6))).toFixed(
      7,
    ),
    currency: 'USD',
    latency,
    time_to_first_token: null,
    time_to_generate: null,
  }
}

/** Fills the fields a scenario leaves out, so every resource has Dify's full shape. */
export function retrieverResource(
  partial: Partial<RetrieverResource>,
  index: number,
): RetrieverResource {
  const position = partial.position ?? index + 1
  const documentName = partial.document_name ?? `document-${position}.md`
  return {
    position,
    dataset_id: partial.dataset_id ?? crypto.randomUUID(),
    dataset_name: partial.dataset_name ?? 'Knowledge',
    document_id: partial.document_id ?? crypto.randomUUID(),
    document_name: documentName,
    data_source_type: partial.data_source_type ?? 'upload_file',
    segment_id: partial.segment_id ?? crypto.randomUUID(),
    retriever_from: partial.retriever_from ?? 'api',
    score: partial.score ?? 0.9 - index * 0.1,
    hit_count: partial.hit_count ?? 1,
    word_count: partial.word_count ?? 120,
    segment_position: partial.segment_position ?? 1,
    index_node_hash: partial.index_node_hash ?? 'a1b2c3d4',
    content: partial.content ?? `Excerpt ${position} of ${documentName}.`,
    page: partial.page ?? null,
    doc_metadata: partial.doc_metadata ?? null,
    title: partial.title ?? documentName,
    files: partial.files ?? null,
    summary: partial.summary ?? null,
  }
}

/** A `message_end.files` item (message_file_utils.py): no `belongs_to`; assistant files are `tool_file`. */
export function messageEndFile(file: MessageFileRecord): Record<string, unknown> {
  const filename = file.url.split('?')[0]?.split('/').pop() ?? 'file'
  const extension = filename.includes('.') ? `.${filename.split('.').pop()}` : ''
  return {
    related_id: file.id,
    extension,
    filename,
    size: 0,
    mime_type: file.type === 'image' ? 'image/png' : 'application/octet-stream',
    transfer_method: file.transfer_method,
    type: file.type,
    url: file.url,
    upload_file_id: file.upload_file_id,
    remote_url: file.transfer_method === 'remote_url' ? file.url : null,
  }
}

/**
 * Python's `json.dumps` with its defaults, as a few Dify endpoints still write their JSON: `", "`
 * and `": "` separators, and every non-ASCII character as a `\uXXXX` escape.
 */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined)
    return `{${fields.map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`).join(', ')}}`
  }
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
  }
  return JSON.stringify(value) ?? 'null'
}
