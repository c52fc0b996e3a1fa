import type { Strings } from './en.ts'

export const pt: Strings = {
  chat: 'Chat',
  close: 'Fechar chat',
  placeholder: 'Digite uma mensagem…',
  send: 'Enviar',
  stop: 'Parar',
  retry: 'Tentar novamente',
  newChat: 'Nova conversa',
  copy: 'Copiar',
  like: 'Útil',
  dislike: 'Não foi útil',
  sources: 'Fontes',
  error: 'Algo deu errado.',
  offline: 'Sem conexão.',
  wait: 'Muitas mensagens. Tente {}.',
  demo: 'Modo demo',
}
