import type { Strings } from './en.ts'

export const ja: Strings = {
  chat: 'チャット',
  close: 'チャットを閉じる',
  placeholder: 'メッセージを入力…',
  send: '送信',
  stop: '停止',
  retry: '再試行',
  newChat: '新しい会話',
  copy: 'コピー',
  like: '役に立った',
  dislike: '役に立たなかった',
  sources: '出典',
  error: 'エラーが発生しました。',
  offline: '接続できません。',
  wait: '送信が多すぎます。{}に再試行してください。',
  demo: 'デモモード',
}
