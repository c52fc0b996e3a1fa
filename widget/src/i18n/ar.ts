import type { Strings } from './en.ts'

export const ar: Strings = {
  chat: 'دردشة',
  close: 'إغلاق الدردشة',
  placeholder: 'اكتب رسالة…',
  send: 'إرسال',
  stop: 'إيقاف',
  retry: 'إعادة المحاولة',
  newChat: 'محادثة جديدة',
  copy: 'نسخ',
  like: 'مفيد',
  dislike: 'غير مفيد',
  sources: 'المصادر',
  error: 'حدث خطأ ما.',
  offline: 'لا يوجد اتصال.',
  wait: 'رسائل كثيرة جدًا. حاول {}.',
  demo: 'وضع تجريبي',
}
