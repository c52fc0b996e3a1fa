import type { Strings } from './en.ts'

export const fr: Strings = {
  chat: 'Chat',
  close: 'Fermer le chat',
  placeholder: 'Écrivez un message…',
  send: 'Envoyer',
  stop: 'Arrêter',
  retry: 'Réessayer',
  newChat: 'Nouvelle conversation',
  copy: 'Copier',
  like: 'Utile',
  dislike: 'Pas utile',
  sources: 'Sources',
  error: 'Une erreur est survenue.',
  offline: 'Pas de connexion.',
  wait: 'Trop de messages. Réessayez {}.',
  demo: 'Mode démo',
}
