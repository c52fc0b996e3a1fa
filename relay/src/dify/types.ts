/** Dify Service API wire shapes the relay reads or sends (see shared/dify-api.md). Only the fields we use. */
import type { AppLook } from '@parley/shared'

/**
 * A file reference in `POST /chat-messages` `files` or a file input. Only uploads: Dify fetches a
 * `remote_url` server-side, so the relay never passes one on (dify-api.md Part 2 §J).
 */
export interface DifyFileRef {
  type: string
  transfer_method: 'local_file'
  upload_file_id: string
}

export type DifyInputValue =
  | string
  | number
  | boolean
  | Record<string, unknown>
  | DifyFileRef
  | DifyFileRef[]

/** `POST /chat-messages` body; `response_mode` is always streaming (agent apps refuse blocking). */
export interface DifyChatRequest {
  query: string
  inputs: Record<string, DifyInputValue>
  user: string
  conversation_id?: string
  files?: DifyFileRef[]
}

/**
 * `POST /completion-messages` and `POST /workflows/run` bodies: no query, no conversation
 * (dify-api.md Part 2 §A.1, §B.1); `response_mode` is always streaming.
 */
export interface DifyGenerateRequest {
  inputs: Record<string, DifyInputValue>
  user: string
  files?: DifyFileRef[]
}

/** One `user_input_form` entry: a single-key object whose key is the variable type. */
export type DifyFormItem = Record<string, DifyFormField | undefined>

export interface DifyFormField {
  variable?: string
  label?: string
  required?: boolean
  max_length?: number
  options?: unknown[]
  default?: unknown
  allowed_file_types?: string[]
  allowed_file_extensions?: string[]
}

export interface DifyFileUploadConfig {
  enabled?: boolean
  allowed_file_types?: string[]
  allowed_file_extensions?: string[]
  allowed_file_upload_methods?: string[]
  number_limits?: number
  /** Legacy (chatbot) image-only switch. */
  image?: { enabled?: boolean; number_limits?: number; transfer_methods?: string[] }
}

/** `GET /parameters` */
export interface DifyParameters {
  opening_statement?: string | null
  suggested_questions?: unknown[]
  suggested_questions_after_answer?: { enabled?: boolean }
  speech_to_text?: { enabled?: boolean }
  text_to_speech?: { enabled?: boolean; autoPlay?: string }
  retriever_resource?: { enabled?: boolean }
  user_input_form?: DifyFormItem[]
  file_upload?: DifyFileUploadConfig
  system_parameters?: {
    image_file_size_limit?: number
    video_file_size_limit?: number
    audio_file_size_limit?: number
    file_size_limit?: number
  }
}

/** What the relay shows of `/site` (or `/info` when there is no site), checked (site-look.ts). */
export interface DifySiteInfo {
  title: string | null
  description: string | null
  /** All null without a site. */
  look: AppLook
  /** `show_workflow_steps`; false without a site. */
  showWorkflowSteps: boolean
}

export interface DifyRetrieverResource {
  dataset_name?: string | null
  document_name?: string | null
  content?: string | null
  doc_metadata?: Record<string, unknown> | null
}

export interface DifyMessageFile {
  id?: string
  type?: string
  url?: string | null
  belongs_to?: string | null
  filename?: string | null
}

/** One item of `GET /messages` `data`. */
export interface DifyMessage {
  id: string
  conversation_id: string
  query?: string
  answer?: string
  created_at?: number
  feedback?: { rating?: string | null } | null
  retriever_resources?: DifyRetrieverResource[] | null
  message_files?: DifyMessageFile[] | null
  status?: string
  error?: string | null
  /** Chatflow: human-input forms of the run, `{ type, workflow_run_id, submitted, form_definition? }`. */
  extra_contents?: unknown[] | null
}

export interface DifyMessagePage {
  limit: number
  has_more: boolean
  data: DifyMessage[]
}

export interface DifyMessagesQuery {
  conversationId: string
  user: string
  firstId?: string
  limit?: number
}

/** `POST /form/human_input/:token` body: a string for every field, and the chosen action's id. */
export interface DifyFormAnswer {
  inputs: Record<string, string>
  action: string
  user: string
}

/** `POST /files/upload` → 201 */
export interface DifyUploadedFile {
  id: string
  name: string
  size: number
  extension: string
  mime_type: string
}

/** One item of `GET /conversations` `data`, and what `POST /conversations/:id/name` answers. */
export interface DifyConversation {
  id: string
  name?: string | null
  /** Unix seconds. */
  updated_at?: number
}

export interface DifyConversationPage {
  limit: number
  has_more: boolean
  data: DifyConversation[]
}

export interface DifyConversationsQuery {
  user: string
  /** The last conversation of the page before (keyset paging, newest activity first). */
  lastId?: string
  limit?: number
}

/** A name to set, or Dify's own (an LLM's summary of the first message). */
export type DifyRename = { name: string } | { autoGenerate: true }
