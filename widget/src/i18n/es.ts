import type { Strings } from './en.ts'

export const es: Strings = {
  chat: 'Chat',
  close: 'Cerrar chat',
  placeholder: 'Escribe un mensaje…',
  send: 'Enviar',
  stop: 'Detener',
  retry: 'Reintentar',
  newChat: 'Nueva conversación',
  copy: 'Copiar',
  like: 'Útil',
  dislike: 'No es útil',
  sources: 'Fuentes',
  error: 'Algo salió mal.',
  offline: 'Sin conexión.',
  wait: 'Demasiados mensajes. Inténtalo {}.',
  demo: 'Modo demo',
}
