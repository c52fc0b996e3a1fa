/** The generator's texts in every UI language (they travel in the generate chunk). `{}`: a value. */
import { type Language, textsFor } from '../i18n/languages.ts'

const en = {
  /** The form's name, for screen readers. */
  form: 'Inputs',
  generate: 'Generate',
  /** Generates again from the latest result's inputs. */
  again: 'Run again',
  result: 'Result',
  /** Announced as a run starts. */
  running: 'Generating…',
  /** A run that finished with no text and no output. */
  empty: 'The run finished without output.',
  /** `{}`: how many. */
  earlier: 'Earlier results ({})',
}

export type GenerateStrings = typeof en

const TABLES: Record<Language, GenerateStrings> = {
  en,
  de: {
    form: 'Eingaben',
    generate: 'Generieren',
    again: 'Erneut ausführen',
    result: 'Ergebnis',
    running: 'Wird generiert…',
    empty: 'Der Lauf endete ohne Ausgabe.',
    earlier: 'Frühere Ergebnisse ({})',
  },
  fr: {
    form: 'Entrées',
    generate: 'Générer',
    again: 'Relancer',
    result: 'Résultat',
    running: 'Génération…',
    empty: 'L’exécution s’est terminée sans résultat.',
    earlier: 'Résultats précédents ({})',
  },
  es: {
    form: 'Entradas',
    generate: 'Generar',
    again: 'Ejecutar de nuevo',
    result: 'Resultado',
    running: 'Generando…',
    empty: 'La ejecución terminó sin resultado.',
    earlier: 'Resultados anteriores ({})',
  },
  pt: {
    form: 'Entradas',
    generate: 'Gerar',
    again: 'Executar de novo',
    result: 'Resultado',
    running: 'Gerando…',
    empty: 'A execução terminou sem resultado.',
    earlier: 'Resultados anteriores ({})',
  },
  zh: {
    form: '输入',
    generate: '生成',
    again: '再次运行',
    result: '结果',
    running: '正在生成…',
    empty: '运行已结束，没有输出。',
    earlier: '之前的结果（{}）',
  },
  ja: {
    form: '入力',
    generate: '生成',
    again: 'もう一度実行',
    result: '結果',
    running: '生成中…',
    empty: '出力なしで実行が終了しました。',
    earlier: '以前の結果（{}）',
  },
  ar: {
    form: 'المدخلات',
    generate: 'إنشاء',
    again: 'تشغيل مرة أخرى',
    result: 'النتيجة',
    running: 'جارٍ الإنشاء…',
    empty: 'انتهى التشغيل دون مخرجات.',
    earlier: 'النتائج السابقة ({})',
  },
}

export function generateStrings(lang: string): GenerateStrings {
  return textsFor(TABLES, lang)
}
