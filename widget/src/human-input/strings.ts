/** The human-input form's texts in every UI language (they travel in the form chunk). */
import { type Language, textsFor } from '../i18n/languages.ts'

const en = {
  expired: 'This form has expired.',
  answered: 'This form has already been answered.',
  failed: 'Your answer could not be sent. Please try again.',
  sending: 'Sending…',
}

export type HumanFormStrings = typeof en

const TABLES: Record<Language, HumanFormStrings> = {
  en,
  de: {
    expired: 'Dieses Formular ist abgelaufen.',
    answered: 'Dieses Formular wurde bereits beantwortet.',
    failed: 'Ihre Antwort konnte nicht gesendet werden. Bitte versuchen Sie es erneut.',
    sending: 'Wird gesendet…',
  },
  fr: {
    expired: 'Ce formulaire a expiré.',
    answered: 'Ce formulaire a déjà reçu une réponse.',
    failed: 'Votre réponse n’a pas pu être envoyée. Veuillez réessayer.',
    sending: 'Envoi…',
  },
  es: {
    expired: 'Este formulario ha caducado.',
    answered: 'Este formulario ya se ha respondido.',
    failed: 'No se pudo enviar tu respuesta. Inténtalo de nuevo.',
    sending: 'Enviando…',
  },
  pt: {
    expired: 'Este formulário expirou.',
    answered: 'Este formulário já foi respondido.',
    failed: 'Não foi possível enviar a sua resposta. Tente novamente.',
    sending: 'A enviar…',
  },
  zh: {
    expired: '此表单已过期。',
    answered: '此表单已提交过。',
    failed: '无法发送你的回答，请重试。',
    sending: '正在发送…',
  },
  ja: {
    expired: 'このフォームは期限切れです。',
    answered: 'このフォームはすでに回答済みです。',
    failed: '回答を送信できませんでした。もう一度お試しください。',
    sending: '送信中…',
  },
  ar: {
    expired: 'انتهت صلاحية هذا النموذج.',
    answered: 'تمت الإجابة عن هذا النموذج بالفعل.',
    failed: 'تعذر إرسال إجابتك. يرجى المحاولة مرة أخرى.',
    sending: 'جارٍ الإرسال…',
  },
}

export function humanFormStrings(lang: string): HumanFormStrings {
  return textsFor(TABLES, lang)
}
