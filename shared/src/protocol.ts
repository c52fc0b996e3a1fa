/**
 * The protocol between widget and relay: the widget event stream and the API bodies.
 * Everything here is plain data (JSON); the relay validates what it receives, the widget what it parses.
 */
import type { ErrorCode } from './errors.ts'

// ---------------------------------------------------------------------------------------------
// Widget event stream (relay → widget), one SSE frame per event: `event: <type>` + `data: <json>`.
// The JSON in `data:` is the event without its `type` field.
// ---------------------------------------------------------------------------------------------

/**
 * First frame of every answer: the ids Dify issued. The widget keeps `conversationId`.
 * A text generator's result (`POST /api/completion`) and a workflow's run (`POST /api/workflow`)
 * belong to no conversation: their `conversationId` is `''`. A workflow run has no message
 * either: its `messageId` is the run's id (Dify's `workflow_run_id`).
 */
export interface StartEvent {
  type: 'start'
  conversationId: string
  messageId: string
  /**
   * What the stop route of the same kind (`POST /api/chat|completion|workflow/:taskId/stop`)
   * takes: an opaque token (Dify's task id signed for this visitor and app, since Dify stops a
   * chatflow or workflow run for anyone who names its task); another visitor's is 404. It stops
   * the rest of a paused answer too. Empty when Dify failed before the run started.
   */
  taskId: string
}

/** A chunk of answer text, to append. */
export interface DeltaEvent {
  type: 'delta'
  text: string
}

/** The whole answer so far is replaced (Dify output moderation). */
export interface ReplaceEvent {
  type: 'replace'
  text: string
}

/** Human-readable progress: a workflow node title or an agent tool name. */
export interface StatusEvent {
  type: 'status'
  label: string
}

/**
 * A file the assistant produced; `url` is absolute. On the wire its data is `{ url, type }`
 * (`type` as Dify names it: "image", "document", …); here that is `fileType`, since `type` keys the union.
 */
export interface FileEvent {
  type: 'file'
  url: string
  fileType: string
}

export interface Source {
  title: string
  snippet: string
  url?: string
}

/** The answer is complete. */
export interface EndEvent {
  type: 'end'
  messageId: string
  sources: Source[]
  /**
   * A workflow run's outputs (`POST /api/workflow` only): just the variables the relay app lists
   * in `workflowOutputs` (WORKFLOW_OUTPUTS), never others. Each value is text: a string as Dify
   * gave it, any other value (number, boolean, object, list, file) as its JSON text. At most
   * `MAX_OUTPUT_CHARS` characters in all; an output past that is cut short.
   */
  outputs?: Record<string, unknown>
}

/** The most characters a workflow's `end.outputs` carry, all values together. */
export const MAX_OUTPUT_CHARS = 100_000

/**
 * A chatflow paused on a human-input node (Dify 1.13+): the answer so far stays, and this form waits
 * for the visitor. The stream then ends (`end`); answering the form (`POST /api/forms/:token`)
 * streams the rest of the same answer.
 */
export interface FormEvent {
  type: 'form'
  form: HumanInputForm
}

/** One input of a human-input form. Dify's forms have no labels: the words around it in `content` are. */
export interface HumanInputField {
  /** Dify's `output_variable_name`: the key in `FormSubmitRequest.inputs`. */
  name: string
  type: 'text_input' | 'paragraph'
  /** The value to start from (Dify's constant or resolved default), else "". */
  default: string
}

export interface HumanInputForm {
  /**
   * The relay's handle for the form, opaque: Dify's form token is a bearer token that any user
   * could answer with, so the browser gets it only sealed (encrypted) for this visitor and app,
   * with what the relay needs to check an answer. Another visitor's is 404.
   */
  token: string
  /** The node's title. */
  title: string
  /** Markdown; each field sits at its placeholder `{{#$output.<name>#}}`. */
  content: string
  fields: HumanInputField[]
  /** The buttons, in order; submitting is choosing one. */
  actions: { id: string; title: string; style: 'primary' | 'default' | 'accent' | 'ghost' }[]
  /** Unix milliseconds after which Dify no longer takes an answer. */
  expiresAt: number
}

/** The answer failed; `retryable` says whether sending the same message again may work. */
export interface ErrorEvent {
  type: 'error'
  code: ErrorCode
  message: string
  retryable: boolean
}

export type WidgetEvent =
  | StartEvent
  | DeltaEvent
  | ReplaceEvent
  | StatusEvent
  | FileEvent
  | FormEvent
  | EndEvent
  | ErrorEvent

export type WidgetEventType = WidgetEvent['type']

export const WIDGET_EVENT_TYPES: readonly WidgetEventType[] = [
  'start',
  'delta',
  'replace',
  'status',
  'file',
  'form',
  'end',
  'error',
]

// ---------------------------------------------------------------------------------------------
// HTTP API bodies. Errors are always `ErrorBody` (see errors.ts).
// ---------------------------------------------------------------------------------------------

/** Route paths, relative to the relay's base URL. */
export const ROUTES = {
  widget: '/widget.js',
  health: '/healthz',
  session: '/api/session',
  app: '/api/app',
  chat: '/api/chat',
  stop: (taskId: string) => `/api/chat/${encodeURIComponent(taskId)}/stop`,
  /** `POST` `GenerateRequest` → `text/event-stream`: a text generator's result. */
  completion: '/api/completion',
  completionStop: (taskId: string) => `/api/completion/${encodeURIComponent(taskId)}/stop`,
  /** `POST` `GenerateRequest` → `text/event-stream`: a workflow's run. */
  workflow: '/api/workflow',
  workflowStop: (taskId: string) => `/api/workflow/${encodeURIComponent(taskId)}/stop`,
  /** `GET` the visitor's conversations (`?lastId=&limit=`). */
  conversations: '/api/conversations',
  /** `PATCH` (rename) or `DELETE` one of the visitor's conversations. */
  conversation: (conversationId: string) =>
    `/api/conversations/${encodeURIComponent(conversationId)}`,
  messages: (conversationId: string) =>
    `/api/conversations/${encodeURIComponent(conversationId)}/messages`,
  feedback: (messageId: string) => `/api/messages/${encodeURIComponent(messageId)}/feedback`,
  suggested: (messageId: string) => `/api/messages/${encodeURIComponent(messageId)}/suggested`,
  files: '/api/files',
  /** `POST` a recording (multipart, field `file`) → `TranscriptResponse`. */
  audio: '/api/audio',
  /** `POST` `MessageAudioRequest` → the answer spoken, `audio/mpeg`. */
  messageAudio: (messageId: string) => `/api/messages/${encodeURIComponent(messageId)}/audio`,
  /** `POST` `FormSubmitRequest` → `text/event-stream`: the rest of the paused answer. */
  form: (token: string) => `/api/forms/${encodeURIComponent(token)}`,
} as const

/** `GET /healthz` */
export interface HealthResponse {
  ok: true
  /** `demo` when every app answers from the built-in demo upstream. */
  mode: 'dify' | 'demo'
  version: string
  /** The apps served (ids and modes only: nothing about their keys or upstreams). */
  apps: { id: string; mode: 'dify' | 'demo' }[]
}

/** The longest user token (`POST /api/session { userToken }`) the relay takes; the widget checks it too. */
export const MAX_USER_TOKEN_CHARS = 4096

/** `POST /api/session` → 201. `expiresAt` is an ISO 8601 timestamp. */
export interface SessionResponse {
  token: string
  expiresAt: string
}

/** One declared Dify app input (from `/parameters` `user_input_form`). */
export interface AppInput {
  variable: string
  label: string
  type:
    | 'text-input'
    | 'paragraph'
    | 'select'
    | 'number'
    | 'checkbox'
    | 'file'
    | 'file-list'
    | 'json_object'
  required: boolean
  maxLength?: number
  options?: string[]
}

/**
 * The look the owner set for the app's web app in Dify (`/site`); every field null (or false) when
 * the app has no site. Data attributes override each.
 */
export interface AppLook {
  /** `chat_color_theme`: a CSS colour (`#1C64F2`), checked by the relay. */
  color: string | null
  /**
   * The answer icon, when the owner set `use_icon_as_answer_icon`: an emoji (with its background
   * colour) or an http(s) image URL on Dify's file origin.
   */
  answerIcon:
    | { type: 'emoji'; emoji: string; background: string | null }
    | { type: 'image'; url: string }
    | null
  /** `custom_disclaimer`: plain text shown under the composer. */
  disclaimer: string | null
  /** `privacy_policy`: an http(s) URL. */
  privacyPolicy: string | null
  /** `copyright`: plain text ("© Acme"). */
  copyright: string | null
  /** `default_language`: a BCP 47 tag (`en-US`, `zh-Hans`). */
  language: string | null
}

/**
 * Dify's kind of app (`/info` `mode`). `chat`, `advanced-chat` (chatflow) and `agent-chat` take
 * `POST /api/chat`; `completion` (text generator) takes `POST /api/completion`; `workflow` takes
 * `POST /api/workflow`. Each route refuses the other kinds (400 `bad_request`).
 */
export type AppMode = 'chat' | 'advanced-chat' | 'agent-chat' | 'completion' | 'workflow'

/** `GET /api/app` */
export interface AppInfo {
  /**
   * The app's kind, from Dify's `/info`; `chat` when `/info` could not be read (the widget then
   * behaves as it did before apps had a kind, and the chat route leaves the check to Dify).
   */
  mode: AppMode
  /** Dify site title, else app name, else null. */
  title: string | null
  description: string | null
  look: AppLook
  openingStatement: string | null
  suggestedQuestions: string[]
  inputs: AppInput[]
  features: {
    /** Suggested questions after each answer. */
    suggestionsAfterAnswer: boolean
    speechToText: boolean
    textToSpeech: boolean
    /** Answers are read aloud as they arrive (Dify's text-to-speech `autoPlay`). */
    autoPlay: boolean
    citations: boolean
    fileUpload: FileUploadFeature
    /**
     * Workflow node titles and agent tool names arrive as `status` events while an answer is built
     * (Dify's `show_workflow_steps`, or the relay app's `showProcess`); otherwise none are sent.
     */
    steps: boolean
  }
}

export interface FileUploadFeature {
  enabled: boolean
  /** Dify file types allowed: "image", "document", "audio", "video", "custom". */
  types: string[]
  /** Allowed extensions (with dot) when the app restricts them; empty means any of the types. */
  extensions: string[]
  maxFiles: number
  /** Bytes, per file type. */
  maxBytes: Record<string, number>
}

/**
 * A file attached to a message, uploaded through `POST /api/files` first. Remote URLs are not taken
 * from browsers: Dify would fetch them server-side (dify-api.md Part 2 §J).
 */
export type ChatFile = { type: string; transferMethod: 'local_file'; uploadFileId: string }

/** `POST /api/chat` → `text/event-stream` of `WidgetEvent` frames. */
export interface ChatRequest {
  query: string
  conversationId?: string
  inputs?: Record<string, unknown>
  files?: ChatFile[]
}

/**
 * `POST /api/completion` and `POST /api/workflow` → `text/event-stream` of `WidgetEvent` frames.
 * `inputs` are checked against the app's declared inputs, `files` against its upload settings.
 */
export interface GenerateRequest {
  inputs: Record<string, unknown>
  files?: ChatFile[]
}

/** `POST /api/chat/:taskId/stop`, `POST /api/messages/:id/feedback` → 200 */
export interface OkResponse {
  ok: true
}

/** One turn of history: the visitor's query and the assistant's answer. */
export interface HistoryMessage {
  id: string
  conversationId: string
  query: string
  answer: string
  /** Unix milliseconds. */
  createdAt: number
  feedback: Rating
  sources: Source[]
  files: { url: string; type: string }[]
  /** The files the visitor sent with the query (Dify's signed preview URLs). */
  queryFiles: { url: string; type: string; name: string }[]
  /**
   * `error`: the answer failed (see `error`); `paused`: it waits on `form`, a human-input form not
   * yet answered (null once it has expired); `normal` otherwise.
   */
  status: 'normal' | 'error' | 'paused'
  error: string | null
  form: HumanInputForm | null
}

/**
 * `GET /api/conversations/:id/messages?before=<messageId>&limit=<1..100>` → the page of `limit`
 * messages before `before` (the newest page when absent), oldest first within the page.
 */
export interface HistoryResponse {
  messages: HistoryMessage[]
  hasMore: boolean
}

/** One of the visitor's conversations, as the history view lists it. */
export interface ConversationSummary {
  id: string
  name: string
  /** Unix milliseconds of the last activity (a message, a rename). */
  updatedAt: number
}

/**
 * `GET /api/conversations?lastId=<conversationId>&limit=<1..100>` → the visitor's conversations,
 * newest activity first: `limit` of them (default 20) after `lastId` (from the start when absent).
 *
 * @example
 * { "conversations": [{ "id": "8c1e…", "name": "Where is my order?", "updatedAt": 1747000000000 }], "hasMore": false }
 */
export interface ConversationsResponse {
  conversations: ConversationSummary[]
  hasMore: boolean
}

/**
 * `PATCH /api/conversations/:id` → the renamed `ConversationSummary`. `name`: 1–100 characters once
 * trimmed, no control characters; `autoName: true` lets Dify name it from its first message.
 * `DELETE /api/conversations/:id` → 204.
 */
export type RenameConversationRequest = { name: string } | { autoName: true }

/** The longest conversation name, in characters (code points) once trimmed; the widget checks it too. */
export const MAX_CONVERSATION_NAME_CHARS = 100

export type Rating = 'like' | 'dislike' | null

/** `POST /api/messages/:id/feedback`; `rating: null` withdraws earlier feedback. */
export interface FeedbackRequest {
  rating: Rating
  content?: string
}

/** `GET /api/messages/:id/suggested` */
export interface SuggestedResponse {
  questions: string[]
}

/** `POST /api/files` (multipart, field `file`) → 201 */
export interface UploadedFile {
  id: string
  name: string
  size: number
  mimeType: string
  /** The Dify file type to reference it with: "image", "document", "audio", "video", "custom". */
  type: string
}

/**
 * `POST /api/audio` (multipart, one field `file`: a recording of at most 30 MiB) → 200, when the app
 * has speech-to-text on (`features.speechToText`). Taken: `audio/wav` (`audio/x-wav`, `audio/wave`),
 * `audio/mpeg` (`audio/mp3`, `audio/mpga`), `audio/mp4` (`audio/m4a`, `audio/x-m4a`), `audio/amr`,
 * and the bytes must look like that kind; anything else (webm, ogg) is a 415 `unsupported_media_type`.
 * `text` is the transcription, at most the relay's query length (what `POST /api/chat` takes).
 *
 * @example
 * { "text": "Where is my order?" }
 */
export interface TranscriptResponse {
  text: string
}

/**
 * `POST /api/messages/:id/audio` → 200 `audio/mpeg` (streamed), when the app has text-to-speech on
 * (`features.textToSpeech`). `conversationId`: the conversation the answer is in; the message must
 * be the visitor's own in it, else 404 `not_found` (as for an unknown or empty answer).
 */
export interface MessageAudioRequest {
  conversationId: string
}

/**
 * `POST /api/forms/:token`: answers a human-input form with one of its actions; `inputs` has a
 * string for every field (at most the relay's query length each). → 200 `text/event-stream` of the
 * resumed answer (no `start`: it goes on the message the form was in): `status`, `delta`,
 * `replace`, `file`, `form` (a further pause), then `end` or `error`. A form that is not the
 * visitor's is 404 `not_found`; already answered, 409 `form_answered`; past its deadline, 410
 * `form_expired`; an action or field the form does not have (or a field missing), 400
 * `bad_request`; a field too long, 413. It counts as a message against the rate limits.
 */
export interface FormSubmitRequest {
  action: string
  inputs: Record<string, string>
}
