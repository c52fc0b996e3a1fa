/** Dify `/parameters` (+ `/site`) → the `AppInfo` the widget reads, and the rules the relay validates with. */
import type { AppInfo, AppInput, AppMode, FileUploadFeature } from '@parley/shared'
import { NO_LOOK } from './site-look.ts'
import { stepsOn } from './steps.ts'
import type { DifyParameters, DifySiteInfo } from './types.ts'

const INPUT_TYPES: ReadonlySet<string> = new Set<AppInput['type']>([
  'text-input',
  'paragraph',
  'select',
  'number',
  'checkbox',
  'file',
  'file-list',
  'json_object',
])

const MB = 1024 * 1024

export interface FileRules extends FileUploadFeature {
  /** Dify's allowed transfer methods (`local_file`, `remote_url`); empty means any. */
  methods: string[]
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v !== '')
    : []
}

/**
 * The inputs a visitor may set. `user_input_form` items are single-key objects keyed by type;
 * `external_data_tool` variables are filled by Dify itself, so they are not offered.
 */
export function appInputs(params: DifyParameters): AppInput[] {
  const inputs: AppInput[] = []
  for (const item of params.user_input_form ?? []) {
    for (const [type, field] of Object.entries(item)) {
      if (!INPUT_TYPES.has(type) || !field || typeof field.variable !== 'string') continue
      const input: AppInput = {
        variable: field.variable,
        label: typeof field.label === 'string' && field.label !== '' ? field.label : field.variable,
        type: type as AppInput['type'],
        required: field.required === true,
      }
      if (typeof field.max_length === 'number' && field.max_length > 0)
        input.maxLength = field.max_length
      if (type === 'select') input.options = strings(field.options)
      inputs.push(input)
    }
  }
  return inputs
}

/** Chatflow apps describe uploads with `allowed_file_types`; older chatbots only with `image.enabled`. */
export function fileRules(params: DifyParameters): FileRules {
  const upload = params.file_upload ?? {}
  const legacyImage = upload.image?.enabled === true
  const declared = strings(upload.allowed_file_types)
  const types =
    upload.enabled === true && declared.length > 0 ? declared : legacyImage ? ['image'] : []
  const limits = params.system_parameters ?? {}
  const maxBytes: Record<string, number> = {}
  for (const type of types) {
    const mb =
      type === 'image'
        ? (limits.image_file_size_limit ?? 10)
        : type === 'video'
          ? (limits.video_file_size_limit ?? 100)
          : type === 'audio'
            ? (limits.audio_file_size_limit ?? 50)
            : (limits.file_size_limit ?? 15)
    maxBytes[type] = mb * MB
  }
  const extensions = types.includes('custom')
    ? strings(upload.allowed_file_extensions).map((e) =>
        (e.startsWith('.') ? e : `.${e}`).toLowerCase(),
      )
    : []
  const maxFiles = upload.number_limits ?? upload.image?.number_limits ?? 3
  const methods = strings(upload.allowed_file_upload_methods ?? upload.image?.transfer_methods)
  return { enabled: types.length > 0, types, extensions, maxFiles, maxBytes, methods }
}

/**
 * `site` null: neither `/site` nor `/info` could be read. `showProcess`: the relay app's setting.
 * `mode` null: `/info` named no kind, so the app is taken for a chat app (as before kinds).
 */
export function toAppInfo(
  params: DifyParameters,
  site: DifySiteInfo | null,
  showProcess: boolean,
  mode: AppMode | null,
): AppInfo {
  const { methods: _methods, ...fileUpload } = fileRules(params)
  return {
    mode: mode ?? 'chat',
    title: site?.title ?? null,
    description: site?.description ?? null,
    look: site?.look ?? NO_LOOK,
    openingStatement:
      typeof params.opening_statement === 'string' && params.opening_statement.trim() !== ''
        ? params.opening_statement
        : null,
    suggestedQuestions: strings(params.suggested_questions),
    inputs: appInputs(params),
    features: {
      suggestionsAfterAnswer: params.suggested_questions_after_answer?.enabled === true,
      speechToText: params.speech_to_text?.enabled === true,
      textToSpeech: params.text_to_speech?.enabled === true,
      autoPlay:
        params.text_to_speech?.enabled === true && params.text_to_speech.autoPlay === 'enabled',
      citations: params.retriever_resource?.enabled === true,
      fileUpload,
      steps: stepsOn(showProcess, site),
    },
  }
}
