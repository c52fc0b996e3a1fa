/**
 * The composer's attachments, as the app's upload settings allow: the picker (and the camera on
 * phones), paste and drop onto the composer. Each file is checked first (kind, size, how many), then
 * uploaded through the relay with its progress; chips show previews, progress and per-file errors,
 * each removable. Part of the attach chunk: it renders with the app's Preact (chunks/host.ts).
 */
import { type ChatFile, type FileUploadFeature, ROUTES, type UploadedFile } from '@parley/shared'
import { useEffect, useRef, useState } from 'preact/hooks'
import { useSheet } from '../chunks/use-sheet.ts'
import type { Attachment } from '../stores/chat.ts'
import { Svg } from '../ui/Icon.tsx'
import type { Widget } from '../ui/widget-context.ts'
import { acceptList, checkFile } from './file-check.ts'
import { progressFetch } from './progress-fetch.ts'
import { attachStrings, fill } from './strings.ts'
import { ATTACH_CSS } from './styles.ts'

export interface AttachProps {
  widget: Pick<Widget, 'view' | 'relay'>
  rules: FileUploadFeature
  /** The files ready to send, or null while one is still uploading. */
  onChange(files: Attachment[] | null): void
  /** Where pasting or dropping files attaches them (the composer). */
  host: HTMLElement | null
}

interface Item {
  key: number
  name: string
  status: 'uploading' | 'done' | 'refused' | 'failed'
  progress: number
  note?: string
  type?: string
  file?: ChatFile
  preview?: string
  abort?: AbortController
}

const CLIP = 'M21 11l-9 9a5 5 0 0 1-7-7l9-9a3 3 0 0 1 5 5l-9 9a1 1 0 0 1-2-2l8-8'
const CAMERA = 'M4 7h3l2-3h6l2 3h3v12H4zm8 3a3 3 0 1 0 0 6 3 3 0 0 0 0-6'

export function Attach({ widget, rules, onChange, host }: AttachProps) {
  const { view, relay } = widget
  const s = attachStrings(view.lang)
  const [items, setItems] = useState<Item[]>([])
  const [said, setSaid] = useState('')
  const picker = useRef<HTMLInputElement>(null)
  const camera = useRef<HTMLInputElement>(null)
  const self = useRef<HTMLButtonElement>(null)
  const seq = useRef(0)
  const latest = useRef(items)
  latest.current = items
  useSheet(self, ATTACH_CSS)
  const phone = rules.types.includes('image') && matchMedia('(pointer: coarse)').matches

  const update = (key: number, change: Partial<Item>) =>
    setItems((list) => list.map((i) => (i.key === key ? { ...i, ...change } : i)))

  async function upload(item: Item, file: File) {
    const body = new FormData()
    body.append('file', file)
    const onProgress = (sent: number, total: number) =>
      update(item.key, { progress: total ? sent / total : 0 })
    try {
      const done = (await relay.request(
        ROUTES.files,
        { method: 'POST', body, signal: item.abort?.signal ?? null },
        progressFetch(onProgress),
      )) as UploadedFile
      const ready: ChatFile = {
        type: done.type,
        transferMethod: 'local_file',
        uploadFileId: done.id,
      }
      update(item.key, { status: 'done', progress: 1, file: ready, type: done.type })
      setSaid(fill(s.attached, item.name))
    } catch (e) {
      if ((e as Error | null)?.name === 'AbortError') return
      const note = (e as Error | null)?.message || fill(s.failed, item.name)
      update(item.key, { status: 'failed', note })
      setSaid(note)
    }
  }

  const add = (files: File[]) => {
    let room =
      rules.maxFiles -
      latest.current.filter((i) => i.status === 'uploading' || i.status === 'done').length
    const added: Item[] = []
    for (const file of files) {
      const item: Item = { key: ++seq.current, name: file.name, status: 'refused', progress: 0 }
      const checked = checkFile(file, rules)
      if (room <= 0) item.note = fill(s.tooMany, rules.maxFiles)
      else if ('kind' in checked) {
        item.note =
          checked.kind === 'size'
            ? fill(s.tooLarge, file.name, checked.maxMb)
            : fill(s.notAccepted, file.name)
      } else {
        room--
        item.status = 'uploading'
        item.type = checked.type
        item.abort = new AbortController()
        if (checked.type === 'image') item.preview = URL.createObjectURL(file)
        void upload(item, file)
      }
      added.push(item)
    }
    setItems((list) => [...list, ...added])
    const refused = added.filter((i) => i.note)
    if (refused.length) setSaid(refused.map((i) => i.note).join(' '))
  }
  const addRef = useRef(add)
  addRef.current = add

  const remove = (item: Item) => {
    item.abort?.abort()
    if (item.preview) URL.revokeObjectURL(item.preview)
    setItems((list) => list.filter((i) => i.key !== item.key))
  }

  useEffect(() => {
    const uploading = items.some((i) => i.status === 'uploading')
    onChange(
      uploading
        ? null
        : items.flatMap((i) =>
            i.file ? [{ file: i.file, name: i.name, type: i.type ?? i.file.type }] : [],
          ),
    )
  }, [items])
  // Gone (the message was sent, or the chat closed): stop uploads, free previews.
  useEffect(
    () => () => {
      for (const item of latest.current) {
        item.abort?.abort()
        if (item.preview) URL.revokeObjectURL(item.preview)
      }
    },
    [],
  )
  useEffect(() => {
    if (!host) return
    const filesOf = (list?: FileList | null) => [...(list ?? [])]
    const take = (e: Event, list?: FileList | null) => {
      const files = filesOf(list)
      if (!files.length) return
      e.preventDefault()
      addRef.current(files)
    }
    const paste = (e: ClipboardEvent) => take(e, e.clipboardData?.files)
    const over = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return
      e.preventDefault()
      host.classList.add('drop')
    }
    const leave = () => host.classList.remove('drop')
    const drop = (e: DragEvent) => {
      leave()
      take(e, e.dataTransfer?.files)
    }
    const listeners = [
      ['paste', paste],
      ['dragover', over],
      ['dragleave', leave],
      ['drop', drop],
    ] as const
    for (const [type, fn] of listeners) host.addEventListener(type, fn as EventListener)
    return () => {
      for (const [type, fn] of listeners) host.removeEventListener(type, fn as EventListener)
    }
  }, [host])

  const picked = (e: { currentTarget: HTMLInputElement }) => {
    add([...(e.currentTarget.files ?? [])])
    e.currentTarget.value = ''
  }
  return (
    <>
      <button
        ref={self}
        type="button"
        class="ib clip"
        data-parley="attach"
        aria-label={s.attach}
        onClick={() => picker.current?.click()}
      >
        <Svg d={CLIP} />
      </button>
      {phone && (
        <button
          type="button"
          class="ib clip"
          data-parley="camera"
          aria-label={s.camera}
          onClick={() => camera.current?.click()}
        >
          <Svg d={CAMERA} />
        </button>
      )}
      <input
        ref={picker}
        type="file"
        hidden
        data-parley="files"
        multiple={rules.maxFiles > 1}
        accept={acceptList(rules) || undefined}
        onChange={picked}
      />
      {phone && (
        <input
          ref={camera}
          type="file"
          hidden
          accept="image/*"
          capture="environment"
          onChange={picked}
        />
      )}
      {items.length > 0 && (
        <ul class="att" data-parley="attachments">
          {items.map((item) => (
            <li key={item.key} class={item.status} data-status={item.status}>
              {item.preview && <img src={item.preview} alt="" />}
              <span class="nm">{item.name}</span>
              {item.status === 'uploading' && (
                <progress max={1} value={item.progress} aria-label={fill(s.uploading, item.name)} />
              )}
              {item.note && <span class="err">{item.note}</span>}
              <button
                type="button"
                class="ib"
                aria-label={fill(s.remove, item.name)}
                onClick={() => remove(item)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <p class="vn" role="status">
        {said}
      </p>
    </>
  )
}
