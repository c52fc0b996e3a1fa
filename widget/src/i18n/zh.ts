import type { Strings } from './en.ts'

export const zh: Strings = {
  chat: '聊天',
  close: '关闭聊天',
  placeholder: '输入消息…',
  send: '发送',
  stop: '停止',
  retry: '重试',
  newChat: '新对话',
  copy: '复制',
  like: '有帮助',
  dislike: '没有帮助',
  sources: '来源',
  error: '出错了。',
  offline: '无法连接。',
  wait: '消息太多，请{}重试。',
  demo: '演示模式',
}
