/** The emulator's in-memory database: what Dify keeps in Postgres and Redis, per emulator instance. */

/** Dify's app kinds (`/info` `mode`): the chat kinds take `/chat-messages`, the others their own routes. */
export type AppMode = 'chat' | 'agent-chat' | 'advanced-chat' | 'completion' | 'workflow'

export type FeedbackRating = 'like' | 'dislike'

/** A retriever resource (citation) as `message_end.metadata.retriever_resources[]` carries it. */
export interface RetrieverResource {
  position: number
  dataset_id: string
  dataset_name: string
  document_id: string
  document_name: string
  data_source_type: string
  segment_id: string
  retriever_from: string
  score: number
  hit_count: number
  word_count: number
  segment_position: number
  index_node_hash: string
  content: string
  page: number | null
  doc_metadata: Record<string, unknown> | null
  title: string
  files: unknown[] | null
  summary: string | null
}

export interface AgentThoughtRecord {
  id: string
  position: number
  thought: string
  tool: string
  tool_labels: Record<string, unknown>
  tool_input: string
  observation: string
  created_at: number
  files: string[]
}

export interface MessageFileRecord {
  id: string
  type: string
  url: string
  belongs_to: 'assistant' | 'user'
  transfer_method: 'local_file' | 'remote_url' | 'tool_file'
  upload_file_id: string | null
}

export interface MessageRecord {
  id: string
  conversationId: string
  taskId: string
  user: string
  query: string
  inputs: Record<string, unknown>
  /** The answer as saved: '' while generating, then the full (or partial, when stopped) text. */
  answer: string
  createdAt: number
  status: 'normal' | 'error' | 'paused'
  error: string | null
  feedback: { rating: FeedbackRating; content: string | null } | null
  retrieverResources: RetrieverResource[]
  agentThoughts: AgentThoughtRecord[]
  files: MessageFileRecord[]
  /** The forms of a chatflow run's human-input pauses, by token, in order (history's `extra_contents`). */
  forms: string[]
  /** True once the run has ended (completed, stopped or failed) or paused. */
  done: boolean
}

export interface ConversationRecord {
  id: string
  user: string
  name: string
  inputs: Record<string, unknown>
  introduction: string
  createdAt: number
  updatedAt: number
  /**
   * The order of `createdAt` and `updatedAt` within a second: Postgres keeps microseconds, so
   * Dify's keyset paging on them (which skips ties) rarely meets one; whole seconds would.
   */
  createdTick: number
  updatedTick: number
  /** Oldest first. */
  messages: MessageRecord[]
}

export interface UploadedFileRecord {
  id: string
  user: string
  name: string
  size: number
  extension: string
  mimeType: string
  createdAt: number
}

export interface TaskRecord {
  id: string
  messageId: string
  user: string
  stopRequested: boolean
  /** What `/chat-messages/:task_id/stop` does: flags the run, which ends at its next step. */
  stop(): void
  /** Resolves when the run has ended and its message is saved. */
  finished: Promise<void>
}

/** A message just asked for: no answer yet, nothing rated, cited or paused. */
export function newMessage(
  asked: Pick<MessageRecord, 'conversationId' | 'user' | 'query' | 'inputs' | 'files'>,
): MessageRecord {
  return {
    id: newId(),
    taskId: newId(),
    ...asked,
    answer: '',
    createdAt: nowSeconds(),
    status: 'normal',
    error: null,
    feedback: null,
    retrieverResources: [],
    agentThoughts: [],
    forms: [],
    done: false,
  }
}

/**
 * The task of a run for `message`, and the sleepers its stop wakes (a run's waits take them, so a
 * stop ends a wait at once).
 */
export function newTask(
  message: { taskId: string; id: string },
  user: string,
): { task: TaskRecord; wakers: Set<() => void> } {
  const wakers = new Set<() => void>()
  const task: TaskRecord = {
    id: message.taskId,
    messageId: message.id,
    user,
    stopRequested: false,
    stop() {
      task.stopRequested = true
      for (const wake of [...wakers]) wake()
    },
    finished: Promise.resolve(),
  }
  return { task, wakers }
}

/** One input of a human-input form, as Dify 1.14.1 defines it (graphon `FormInput`). */
export interface FormInputRecord {
  type: string
  output_variable_name: string
  default: { type: 'constant' | 'variable'; selector: string[]; value: string } | null
}

/** A button of a human-input form (graphon `UserAction`). */
export interface FormActionRecord {
  id: string
  title: string
  button_style: string
}

/** A human-input form a paused chatflow run waits on (`HumanInputForm` and its web-app recipient). */
export interface HumanInputFormRecord {
  id: string
  /** The web-app recipient's token: whoever has it (and the app key) answers the form. */
  token: string
  runId: string
  messageId: string
  nodeId: string
  nodeTitle: string
  /** Markdown with a `{{#$output.<name>#}}` placeholder per input. */
  content: string
  inputs: FormInputRecord[]
  actions: FormActionRecord[]
  displayInUi: boolean
  resolvedDefaults: Record<string, string>
  /** Unix seconds. */
  expiresAt: number
  status: 'waiting' | 'submitted' | 'timeout'
  submission: {
    actionId: string
    actionText: string
    renderedContent: string
    inputs: Record<string, string>
  } | null
}

/** A chatflow run (`WorkflowRun`): what `GET /workflow/:id/events` looks up. */
export interface WorkflowRunRecord {
  id: string
  user: string
  mode: AppMode
  messageId: string
  status: 'running' | 'paused' | 'succeeded' | 'failed' | 'stopped'
  /** The last `workflow_finished` frame's fields, once the run has ended. */
  finished: Record<string, unknown> | null
  /** While paused: goes on once `form` is answered or has timed out (resume.ts). */
  resume: ((form: HumanInputFormRecord) => void) | null
}

export interface EmulatorState {
  conversations: Map<string, ConversationRecord>
  messages: Map<string, MessageRecord>
  tasks: Map<string, TaskRecord>
  files: Map<string, UploadedFileRecord>
  runs: Map<string, WorkflowRunRecord>
  /** By form token. */
  forms: Map<string, HumanInputFormRecord>
  /** The last write's tick (see `ConversationRecord.createdTick`). */
  ticks: number
}

export function createState(): EmulatorState {
  return {
    conversations: new Map(),
    messages: new Map(),
    tasks: new Map(),
    files: new Map(),
    runs: new Map(),
    forms: new Map(),
    ticks: 0,
  }
}

export const NIL_UUID = '00000000-0000-0000-0000-000000000000'

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: string): boolean {
  return UUID_RE.test(value)
}

export function newId(): string {
  return crypto.randomUUID()
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
}

/** Marks a conversation as just active: what its `updated_at` (and the list's default order) follows. */
export function touch(state: EmulatorState, conversation: ConversationRecord): void {
  conversation.updatedAt = nowSeconds()
  conversation.updatedTick = ++state.ticks
}

/** Dify hides other users' conversations: a foreign id looks exactly like an unknown one. */
export function findConversation(
  state: EmulatorState,
  id: string,
  user: string,
): ConversationRecord | undefined {
  const conversation = state.conversations.get(id)
  return conversation?.user === user ? conversation : undefined
}

export function findMessage(
  state: EmulatorState,
  id: string,
  user: string,
): MessageRecord | undefined {
  const message = state.messages.get(id)
  return message?.user === user ? message : undefined
}
