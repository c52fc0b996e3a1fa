/** The attachments' texts in every UI language (they travel in the attach chunk). `{}`: a value. */
import { type Language, textsFor } from '../i18n/languages.ts'

const en = {
  attach: 'Attach files',
  camera: 'Take a photo',
  /** `{}`: a file name. */
  uploading: 'Uploading {}',
  attached: '{} attached.',
  failed: '{} could not be uploaded.',
  notAccepted: '{}: this kind of file is not accepted here.',
  /** `{}`: a file name, then the limit in MB. */
  tooLarge: '{} is larger than {} MB.',
  /** `{}`: how many files a message may carry. */
  tooMany: 'A message can carry at most {} files.',
  remove: 'Remove {}',
  drop: 'Drop files to attach them',
}

export type AttachStrings = typeof en

const TABLES: Record<Language, AttachStrings> = {
  en,
  de: {
    attach: 'Dateien anhängen',
    camera: 'Foto aufnehmen',
    uploading: '{} wird hochgeladen',
    attached: '{} angehängt.',
    failed: '{} konnte nicht hochgeladen werden.',
    notAccepted: '{}: Diese Art von Datei wird hier nicht angenommen.',
    tooLarge: '{} ist größer als {} MB.',
    tooMany: 'Eine Nachricht kann höchstens {} Dateien enthalten.',
    remove: '{} entfernen',
    drop: 'Dateien hier ablegen, um sie anzuhängen',
  },
  fr: {
    attach: 'Joindre des fichiers',
    camera: 'Prendre une photo',
    uploading: 'Envoi de {}',
    attached: '{} joint.',
    failed: 'Impossible d’envoyer {}.',
    notAccepted: '{} : ce type de fichier n’est pas accepté ici.',
    tooLarge: '{} dépasse {} Mo.',
    tooMany: 'Un message peut contenir au plus {} fichiers.',
    remove: 'Retirer {}',
    drop: 'Déposez des fichiers pour les joindre',
  },
  es: {
    attach: 'Adjuntar archivos',
    camera: 'Hacer una foto',
    uploading: 'Subiendo {}',
    attached: '{} adjuntado.',
    failed: 'No se pudo subir {}.',
    notAccepted: '{}: aquí no se acepta este tipo de archivo.',
    tooLarge: '{} supera los {} MB.',
    tooMany: 'Un mensaje puede llevar como máximo {} archivos.',
    remove: 'Quitar {}',
    drop: 'Suelta archivos para adjuntarlos',
  },
  pt: {
    attach: 'Anexar ficheiros',
    camera: 'Tirar uma fotografia',
    uploading: 'A enviar {}',
    attached: '{} anexado.',
    failed: 'Não foi possível enviar {}.',
    notAccepted: '{}: este tipo de ficheiro não é aceite aqui.',
    tooLarge: '{} tem mais de {} MB.',
    tooMany: 'Uma mensagem pode levar no máximo {} ficheiros.',
    remove: 'Remover {}',
    drop: 'Largue ficheiros para os anexar',
  },
  zh: {
    attach: '添加附件',
    camera: '拍照',
    uploading: '正在上传 {}',
    attached: '已添加 {}。',
    failed: '无法上传 {}。',
    notAccepted: '{}：此处不接受这种文件。',
    tooLarge: '{} 超过 {} MB。',
    tooMany: '一条消息最多可以带 {} 个文件。',
    remove: '移除 {}',
    drop: '将文件拖放到此处以添加',
  },
  ja: {
    attach: 'ファイルを添付',
    camera: '写真を撮る',
    uploading: '{} をアップロード中',
    attached: '{} を添付しました。',
    failed: '{} をアップロードできませんでした。',
    notAccepted: '{}: この種類のファイルはここでは受け付けていません。',
    tooLarge: '{} は {} MB を超えています。',
    tooMany: '1 つのメッセージに添付できるファイルは {} 個までです。',
    remove: '{} を削除',
    drop: 'ファイルをドロップして添付',
  },
  ar: {
    attach: 'إرفاق ملفات',
    camera: 'التقاط صورة',
    uploading: 'جارٍ رفع {}',
    attached: 'تم إرفاق {}.',
    failed: 'تعذر رفع {}.',
    notAccepted: '{}: هذا النوع من الملفات غير مقبول هنا.',
    tooLarge: '{} أكبر من {} ميغابايت.',
    tooMany: 'يمكن أن تحمل الرسالة {} ملفات على الأكثر.',
    remove: 'إزالة {}',
    drop: 'أفلت الملفات لإرفاقها',
  },
}

export function attachStrings(lang: string): AttachStrings {
  return textsFor(TABLES, lang)
}

/** `text` with each `{}` replaced by the next of `values`. */
export const fill = (text: string, ...values: (string | number)[]): string =>
  values.reduce<string>((out, v) => out.replace('{}', String(v)), text)
