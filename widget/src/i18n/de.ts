import type { Strings } from './en.ts'

export const de: Strings = {
  chat: 'Chat',
  close: 'Chat schließen',
  placeholder: 'Nachricht eingeben…',
  send: 'Senden',
  stop: 'Stopp',
  retry: 'Erneut versuchen',
  newChat: 'Neues Gespräch',
  copy: 'Kopieren',
  like: 'Hilfreich',
  dislike: 'Nicht hilfreich',
  sources: 'Quellen',
  error: 'Etwas ist schiefgelaufen.',
  offline: 'Keine Verbindung.',
  wait: 'Zu viele Nachrichten. Bitte {} erneut versuchen.',
  demo: 'Demomodus',
}
