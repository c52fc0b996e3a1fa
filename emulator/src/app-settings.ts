/** The emulated app's configuration and the bodies of `/parameters`, `/info`, `/site` and `/meta`. */
import type { AppMode } from './state.ts'

/** One `user_input_form` entry in Dify's "old structure": `{ "<type>": { variable, label, … } }`. */
export type InputFormEntry = Record<
  string,
  { variable: string; label?: string; required?: boolean } & Record<string, unknown>
>

/** The web app's settings that `/site` shows besides its title (Dify v1.14.1 `Site`). */
export interface SiteSettings {
  /** `chat_color_theme`, e.g. `#1C64F2`; null when the owner kept Dify's. */
  chatColorTheme: string | null
  chatColorThemeInverted: boolean
  iconType: 'emoji' | 'image' | 'link' | null
  /** An emoji for `emoji` icons; the icon's upload file id for `image` ones. */
  icon: string | null
  iconBackground: string | null
  copyright: string | null
  privacyPolicy: string | null
  customDisclaimer: string
  defaultLanguage: string
  showWorkflowSteps: boolean
  useIconAsAnswerIcon: boolean
}

export interface AppSettings {
  name: string
  description: string
  /** The web-app (site) title; null: the app has no site row, so `/site` answers 403. */
  siteTitle: string | null
  site: SiteSettings
  openingStatement: string | null
  suggestedQuestions: string[]
  suggestionsAfterAnswer: boolean
  citations: boolean
  speechToText: boolean
  textToSpeech: boolean
  /** With textToSpeech: answers are read aloud as they arrive (`autoPlay: "enabled"`). */
  autoPlay: boolean
  /** Image and document upload, local files and remote URLs. */
  fileUpload: boolean
  userInputForm: InputFormEntry[]
}

/** What options may change: any setting, and any of the site's one by one. */
export type AppOverrides = Partial<Omit<AppSettings, 'site'>> & { site?: Partial<SiteSettings> }

export const DEFAULT_SETTINGS: AppSettings = {
  name: 'Test App',
  description: 'An emulated Dify chat app.',
  siteTitle: 'Test App',
  site: {
    chatColorTheme: '#2563eb',
    chatColorThemeInverted: false,
    iconType: 'emoji',
    icon: '🤖',
    iconBackground: '#E0EAFF',
    copyright: null,
    privacyPolicy: null,
    customDisclaimer: '',
    defaultLanguage: 'en-US',
    // Dify's default for a new app.
    showWorkflowSteps: true,
    useIconAsAnswerIcon: false,
  },
  openingStatement: 'Hello! How can I help you today?',
  suggestedQuestions: ['What can you do?'],
  suggestionsAfterAnswer: true,
  citations: false,
  speechToText: false,
  textToSpeech: false,
  autoPlay: false,
  fileUpload: false,
  userInputForm: [],
}

const SIZE_LIMITS_MB = { image: 10, video: 100, audio: 50, file: 15 }

export function fileSizeLimitMb(extension: string): number {
  if (/^(jpe?g|png|webp|gif|svg)$/.test(extension)) return SIZE_LIMITS_MB.image
  if (/^(mp4|mov|mpeg|webm)$/.test(extension)) return SIZE_LIMITS_MB.video
  if (/^(mp3|m4a|wav|amr|mpga)$/.test(extension)) return SIZE_LIMITS_MB.audio
  return SIZE_LIMITS_MB.file
}

export function parametersBody(app: AppSettings): Record<string, unknown> {
  const transferMethods = ['remote_url', 'local_file']
  return {
    opening_statement: app.openingStatement,
    suggested_questions: app.suggestedQuestions,
    suggested_questions_after_answer: { enabled: app.suggestionsAfterAnswer },
    speech_to_text: { enabled: app.speechToText },
    // Dify writes the other keys only once text-to-speech has been set up.
    text_to_speech: app.textToSpeech
      ? { enabled: true, autoPlay: app.autoPlay ? 'enabled' : 'disabled' }
      : { enabled: false },
    retriever_resource: { enabled: app.citations },
    annotation_reply: { enabled: false },
    more_like_this: { enabled: false },
    user_input_form: app.userInputForm,
    sensitive_word_avoidance: { enabled: false, type: '', configs: [] },
    file_upload: {
      enabled: app.fileUpload,
      allowed_file_types: app.fileUpload ? ['image', 'document'] : [],
      allowed_file_extensions: [],
      allowed_file_upload_methods: app.fileUpload ? transferMethods : [],
      number_limits: 3,
      image: {
        enabled: app.fileUpload,
        number_limits: 3,
        detail: 'high',
        transfer_methods: transferMethods,
      },
    },
    system_parameters: {
      image_file_size_limit: SIZE_LIMITS_MB.image,
      video_file_size_limit: SIZE_LIMITS_MB.video,
      audio_file_size_limit: SIZE_LIMITS_MB.audio,
      file_size_limit: SIZE_LIMITS_MB.file,
      workflow_file_upload_limit: 10,
    },
  }
}

export function infoBody(app: AppSettings, mode: AppMode): Record<string, unknown> {
  return { name: app.name, description: app.description, tags: [], mode, author_name: 'Parley' }
}

export function withOverrides(overrides: AppOverrides = {}): AppSettings {
  return {
    ...DEFAULT_SETTINGS,
    ...overrides,
    site: { ...DEFAULT_SETTINGS.site, ...overrides.site },
  }
}

/** Dify's `Site` fields in the order it emits them (dify-api.md Part 2 §H). */
export function siteBody(app: AppSettings, title: string): Record<string, unknown> {
  const { site } = app
  return {
    title,
    chat_color_theme: site.chatColorTheme,
    chat_color_theme_inverted: site.chatColorThemeInverted,
    icon_type: site.iconType,
    icon: site.icon,
    icon_background: site.iconBackground,
    description: app.description,
    copyright: site.copyright,
    privacy_policy: site.privacyPolicy,
    custom_disclaimer: site.customDisclaimer,
    default_language: site.defaultLanguage,
    show_workflow_steps: site.showWorkflowSteps,
    use_icon_as_answer_icon: site.useIconAsAnswerIcon,
    // Signed, and relative as from a Dify without FILES_URL; only image icons have one.
    icon_url:
      site.iconType === 'image' && site.icon
        ? `/files/${encodeURIComponent(site.icon)}/file-preview?timestamp=1747000000&nonce=emulated&sign=emulated`
        : null,
  }
}

/** `BaseAppGenerator._prepare_user_inputs`: checks each declared variable, drops undeclared keys. */
export function validateInputs(
  form: InputFormEntry[],
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const entry of form) {
    for (const [type, spec] of Object.entries(entry)) {
      const name = spec.variable
      const value = inputs[name]
      if (value === undefined || value === null || value === '') {
        if (spec.required) throw new Error(`${name} is required in input form`)
        continue
      }
      if (['text-input', 'paragraph', 'select'].includes(type) && typeof value !== 'string') {
        throw new Error(`${name} in input form must be a string`)
      }
      if (type === 'number' && Number.isNaN(Number(value))) {
        throw new Error(`${name} in input form must be a valid number`)
      }
      const max = spec.max_length
      if (typeof max === 'number' && typeof value === 'string' && value.length > max) {
        throw new Error(`${name} in input form must be less than ${max} characters`)
      }
      const options = spec.options
      if (type === 'select' && Array.isArray(options) && !options.includes(value)) {
        throw new Error(
          `${name} in input form must be one of the following: ${JSON.stringify(options)}`,
        )
      }
      out[name] = value
    }
  }
  return out
}
