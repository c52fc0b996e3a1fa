/**
 * The app's lazy chunks, loaded through the loader so the same SRI pinning applies. The build
 * defines `__PARLEY_CHUNKS__` (each chunk's SRI hash, its file name derived from it: chunkFile);
 * where it is absent (unit tests) nothing loads.
 */
import type { ComponentType } from 'preact'
import type { AttachChunk } from './chunks/attach.ts'
import type { FormChunk } from './chunks/form.ts'
import type { GenerateChunk } from './chunks/generate.ts'
import type { HostModules } from './chunks/host.ts'
import type { LookChunk } from './chunks/look.ts'
import type { PageChunk } from './chunks/page.ts'
import type { VoiceChunk } from './chunks/voice.ts'
import { chunkFile, type Handoff } from './handoff.ts'
import type { HistoryProps } from './history/History.tsx'
import type { Strings } from './i18n/en.ts'
import type { MathRenderer } from './markdown/math.ts'
import { HOST_MODULES } from './ui/host-modules.ts'

type ChunkName =
  | 'math'
  | 'strings'
  | 'history'
  | 'form'
  | 'page'
  | 'voice'
  | 'attach'
  | 'generate'
  | 'look'

declare const __PARLEY_CHUNKS__: Record<ChunkName, string> | undefined

export interface LazyChunks {
  /** TeX → MathML, for answers with math. */
  math: () => Promise<MathRenderer>
  /** The UI texts of a language other than English. */
  strings: () => Promise<(lang: string) => Strings>
  /** The visitor's conversations (list, open, rename, delete), rendered with the app's Preact. */
  history: () => Promise<ComponentType<HistoryProps>>
  /**
   * The start form (inputs the app declares and data-inputs does not supply) and the human-input
   * form (an answer paused for the visitor).
   */
  form: () => Promise<FormChunk>
  /** The focus guard of the open panel (WCAG 2.4.11) and tab sync (data-persist="browser"). */
  page: () => Promise<PageChunk>
  /** Voice: the composer's microphone (recording → WAV → text), the answers' read-aloud button. */
  voice: () => Promise<VoiceChunk>
  /** The composer's attachments (picker, camera, paste, drop, uploads with progress). */
  attach: () => Promise<AttachChunk>
  /** The generator's store and panel (text-generation and workflow apps). */
  generate: () => Promise<GenerateChunk>
  /** The footer, the answer icon, an answer's sources, the sign-in prompt and the teaser. */
  look: () => Promise<LookChunk>
}

/**
 * Hands `value` on in a task of its own: a chunk runs in its script's load task, and its first use
 * (parsing again with it, rendering) then runs in the next, so the two never add up to one long
 * task (the math chunk's evaluation and the re-render it brings measured ~8 + ~11 ms).
 */
const nextTask = <T>(value: T) => new Promise<T>((resolve) => setTimeout(resolve, 0, value))

export function lazyChunks(
  load: Handoff['load'],
  hashes: Record<ChunkName, string> | null = typeof __PARLEY_CHUNKS__ === 'object'
    ? __PARLEY_CHUNKS__
    : null,
): LazyChunks {
  const loading: Partial<Record<ChunkName, Promise<unknown>>> = {}
  const chunk = <T>(name: ChunkName) => {
    const integrity = hashes?.[name]
    if (!integrity) return Promise.reject(new Error(`no ${name} chunk in this build`))
    // A failed load is forgotten, so the next use tries again.
    loading[name] ??= load(chunkFile(name, integrity))
      .then(nextTask)
      .catch((e) => {
        delete loading[name]
        throw e
      })
    return loading[name] as Promise<T>
  }
  /** A chunk with UI: called with the app's Preact, it hands back its components. */
  const view = <T>(name: ChunkName) =>
    chunk<(host: HostModules) => T>(name).then((bind) => bind(HOST_MODULES))
  return {
    math: () => chunk<MathRenderer>('math'),
    strings: () => chunk<(lang: string) => Strings>('strings'),
    history: () => view<ComponentType<HistoryProps>>('history'),
    form: () => view<FormChunk>('form'),
    page: () => chunk<PageChunk>('page'),
    voice: () => view<VoiceChunk>('voice'),
    attach: () => view<AttachChunk>('attach'),
    generate: () => view<GenerateChunk>('generate'),
    look: () => view<LookChunk>('look'),
  }
}
