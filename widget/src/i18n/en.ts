/** English: the reference table; every other language has the same keys. */
export const en = {
  chat: 'Chat',
  close: 'Close chat',
  placeholder: 'Type a message…',
  send: 'Send',
  stop: 'Stop',
  retry: 'Retry',
  newChat: 'New conversation',
  /** The history view's button and heading. */
  history: 'Conversations',
  /** The header's toggle between the bubble's window and the whole browser window. */
  expand: 'Expand',
  copy: 'Copy',
  like: 'Helpful',
  dislike: 'Not helpful',
  sources: 'Sources',
  error: 'Something went wrong.',
  offline: 'No connection.',
  /** `{}`: Intl.RelativeTimeFormat's "in 12 seconds" / "now" in this language. */
  wait: 'Too many messages. Try again {}.',
  /** `{}` as in `wait`: the app's daily limit, reached for everyone. */
  appLimit: "This assistant has reached today's limit. Try again {}.",
  demo: 'Demo mode',
  thinking: 'Thinking',
  /** The list of an answer's steps (workflow nodes, tools) while it is built. */
  steps: 'Progress',
  code: 'Code',
  /** `{}`: the code block's language, e.g. "python". */
  codeLang: 'Code: {}',
  /** The copy button's text; its accessible name adds the language: "Copy code (python)". */
  copyCode: 'Copy code',
  copied: 'Copied',
  table: 'Table',
  /** A task-list checkbox's name when its item has no text. */
  task: 'Task',
  formula: 'Formula',
  /** Asks the last question again for a new answer. */
  regenerate: 'Regenerate',
  /** The collapsed answers a regenerated one replaced; `{}`: how many. */
  earlier: 'Earlier answers ({})',
  /** Under an answer that waited on a form; `{}`: the button the visitor chose. */
  answered: 'You chose: {}',
  /** The composer's microphone button (pressed while recording). */
  voice: 'Speak your message',
  /** The footer's link to the privacy policy the owner set. */
  privacy: 'Privacy policy',
  signInPrompt: 'Please sign in to chat with us.',
  signIn: 'Sign in',
  /** Puts the teaser beside the launcher away. */
  dismiss: 'Dismiss',
}

export type Strings = Record<keyof typeof en, string>
