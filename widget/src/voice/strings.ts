/** Voice input's texts in every UI language (they travel in the voice chunk). */
import { type Language, textsFor } from '../i18n/languages.ts'
import type { RecordingErrorCode } from './recorder.ts'

type VoiceTexts = Record<
  | RecordingErrorCode
  | 'recording'
  | 'transcribing'
  | 'nothing'
  | 'read'
  | 'stopReading'
  | 'readFailed',
  string
>

const en: VoiceTexts = {
  recording: 'Recording… Press the microphone again to stop.',
  transcribing: 'Turning your recording into text…',
  nothing: 'Nothing was heard. Please try again.',
  denied: 'Microphone access was denied. Allow it in your browser to speak your message.',
  'no-microphone': 'No microphone was found.',
  unsupported: 'Voice input is not available in this browser.',
  failed: 'The recording could not be used. Please try again.',
  read: 'Read aloud',
  stopReading: 'Stop reading',
  readFailed: 'This answer could not be read aloud.',
}

const TABLES: Record<Language, VoiceTexts> = {
  en,
  de: {
    recording: 'Aufnahme läuft… Zum Beenden erneut auf das Mikrofon drücken.',
    transcribing: 'Ihre Aufnahme wird in Text umgewandelt…',
    nothing: 'Es war nichts zu hören. Bitte versuchen Sie es erneut.',
    denied:
      'Der Zugriff auf das Mikrofon wurde verweigert. Erlauben Sie ihn im Browser, um Ihre Nachricht zu sprechen.',
    'no-microphone': 'Es wurde kein Mikrofon gefunden.',
    unsupported: 'Spracheingabe ist in diesem Browser nicht verfügbar.',
    failed: 'Die Aufnahme konnte nicht verwendet werden. Bitte versuchen Sie es erneut.',
    read: 'Vorlesen',
    stopReading: 'Vorlesen beenden',
    readFailed: 'Diese Antwort konnte nicht vorgelesen werden.',
  },
  fr: {
    recording: 'Enregistrement… Appuyez de nouveau sur le micro pour arrêter.',
    transcribing: 'Transcription de votre enregistrement…',
    nothing: 'Rien n’a été entendu. Veuillez réessayer.',
    denied:
      'L’accès au micro a été refusé. Autorisez-le dans votre navigateur pour dicter votre message.',
    'no-microphone': 'Aucun micro n’a été trouvé.',
    unsupported: 'La saisie vocale n’est pas disponible dans ce navigateur.',
    failed: 'L’enregistrement n’a pas pu être utilisé. Veuillez réessayer.',
    read: 'Lire à voix haute',
    stopReading: 'Arrêter la lecture',
    readFailed: 'Cette réponse n’a pas pu être lue à voix haute.',
  },
  es: {
    recording: 'Grabando… Pulsa de nuevo el micrófono para detener.',
    transcribing: 'Convirtiendo tu grabación en texto…',
    nothing: 'No se oyó nada. Inténtalo de nuevo.',
    denied: 'Se denegó el acceso al micrófono. Permítelo en tu navegador para dictar tu mensaje.',
    'no-microphone': 'No se encontró ningún micrófono.',
    unsupported: 'La entrada de voz no está disponible en este navegador.',
    failed: 'No se pudo usar la grabación. Inténtalo de nuevo.',
    read: 'Leer en voz alta',
    stopReading: 'Dejar de leer',
    readFailed: 'No se pudo leer esta respuesta en voz alta.',
  },
  pt: {
    recording: 'A gravar… Prima de novo o microfone para parar.',
    transcribing: 'A converter a sua gravação em texto…',
    nothing: 'Não se ouviu nada. Tente novamente.',
    denied:
      'O acesso ao microfone foi recusado. Permita-o no seu navegador para ditar a sua mensagem.',
    'no-microphone': 'Não foi encontrado nenhum microfone.',
    unsupported: 'A entrada de voz não está disponível neste navegador.',
    failed: 'Não foi possível usar a gravação. Tente novamente.',
    read: 'Ler em voz alta',
    stopReading: 'Parar a leitura',
    readFailed: 'Não foi possível ler esta resposta em voz alta.',
  },
  zh: {
    recording: '正在录音… 再次按下麦克风即可停止。',
    transcribing: '正在将录音转换为文字…',
    nothing: '没有听到任何声音，请重试。',
    denied: '麦克风访问被拒绝。请在浏览器中允许访问，以便语音输入消息。',
    'no-microphone': '未找到麦克风。',
    unsupported: '此浏览器不支持语音输入。',
    failed: '无法使用这段录音，请重试。',
    read: '朗读',
    stopReading: '停止朗读',
    readFailed: '无法朗读此回答。',
  },
  ja: {
    recording: '録音中… もう一度マイクを押すと停止します。',
    transcribing: '録音をテキストに変換しています…',
    nothing: '音声が聞き取れませんでした。もう一度お試しください。',
    denied: 'マイクへのアクセスが拒否されました。音声で入力するにはブラウザで許可してください。',
    'no-microphone': 'マイクが見つかりません。',
    unsupported: 'このブラウザでは音声入力を利用できません。',
    failed: '録音を使用できませんでした。もう一度お試しください。',
    read: '読み上げる',
    stopReading: '読み上げを停止',
    readFailed: 'この回答を読み上げられませんでした。',
  },
  ar: {
    recording: 'جارٍ التسجيل… اضغط على الميكروفون مرة أخرى للإيقاف.',
    transcribing: 'جارٍ تحويل تسجيلك إلى نص…',
    nothing: 'لم يُسمع أي شيء. يرجى المحاولة مرة أخرى.',
    denied: 'تم رفض الوصول إلى الميكروفون. اسمح به في متصفحك لتتحدث برسالتك.',
    'no-microphone': 'لم يتم العثور على ميكروفون.',
    unsupported: 'الإدخال الصوتي غير متاح في هذا المتصفح.',
    failed: 'تعذر استخدام التسجيل. يرجى المحاولة مرة أخرى.',
    read: 'قراءة بصوت عالٍ',
    stopReading: 'إيقاف القراءة',
    readFailed: 'تعذرت قراءة هذه الإجابة بصوت عالٍ.',
  },
}

export function voiceStrings(lang: string): VoiceTexts {
  return textsFor(TABLES, lang)
}
