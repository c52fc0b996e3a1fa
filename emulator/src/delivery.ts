/**
 * The response side of a run: frames become bytes on a ReadableStream, cut and paced as a scenario
 * asks, independent of the generation that produces them (a reader going away never stops a run).
 */

export interface ChunkingOptions {
  /** Cut the byte stream every `size` bytes (1 splits every frame and every UTF-8 character). */
  size?: number
  /** Also cut at these absolute byte offsets of the response body. */
  at?: number[]
  /**
   * Wait this long before each write but the first. 0 yields one event-loop turn instead, which is
   * enough for a reader on loopback in the same process to see every write as its own read.
   */
  delayMs?: number
}

export interface Delivery {
  readonly body: ReadableStream<Uint8Array>
  /** False once the reader cancelled or the stream was closed or destroyed. */
  readonly attached: boolean
  write(text: string): void
  /** From here on write nothing, but keep the stream open. */
  hang(): void
  /** Error the stream after what is queued, as an abruptly closed socket would. */
  destroy(): void
  /** End the stream normally after what is queued. */
  close(): void
  /** Error the stream now, dropping what is queued (emulator shutdown). */
  abort(): void
}

type Item = { kind: 'bytes'; data: Uint8Array } | { kind: 'hang' | 'destroy' | 'close' }

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

// setImmediate runs after pending I/O, so the reader gets each write alone; not every runtime has it.
const { setImmediate } = globalThis as { setImmediate?: (fn: () => void) => unknown }
const turn = (): Promise<void> =>
  new Promise((resolve) => (setImmediate ? setImmediate(resolve) : setTimeout(resolve, 0)))

/** Offsets strictly inside (start, end) where the chunking options cut the stream. */
function cutsBetween(options: ChunkingOptions, start: number, end: number): number[] {
  const cuts = new Set<number>()
  const size = options.size ?? 0
  if (size > 0)
    for (let at = (Math.floor(start / size) + 1) * size; at < end; at += size) cuts.add(at)
  for (const at of options.at ?? []) if (at > start && at < end) cuts.add(at)
  return [...cuts].sort((a, b) => a - b)
}

export function createDelivery(options: ChunkingOptions = {}, onCancel?: () => void): Delivery {
  const encoder = new TextEncoder()
  const queue: Item[] = []
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined
  let state: 'open' | 'hung' | 'gone' = 'open'
  let offset = 0
  let pumping = false

  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c
    },
    cancel() {
      state = 'gone'
      queue.length = 0
      onCancel?.()
    },
  })

  const finish = (how: 'close' | 'error') => {
    state = 'gone'
    try {
      if (how === 'close') controller?.close()
      else controller?.error(new Error('connection destroyed'))
    } catch {
      // The reader already cancelled: nothing is listening any more.
    }
  }

  const writeBytes = async (data: Uint8Array) => {
    let start = 0
    const cuts = [
      ...cutsBetween(options, offset, offset + data.length).map((at) => at - offset),
      data.length,
    ]
    for (const end of cuts) {
      if (options.delayMs !== undefined && offset > 0) {
        await (options.delayMs > 0 ? sleep(options.delayMs) : turn())
      }
      if (state !== 'open') return
      controller?.enqueue(data.slice(start, end))
      offset += end - start
      start = end
    }
  }

  const pump = async () => {
    pumping = true
    while (state === 'open') {
      const item = queue.shift()
      if (!item) break
      if (item.kind === 'bytes') await writeBytes(item.data)
      else if (item.kind === 'hang') state = 'hung'
      else finish(item.kind === 'close' ? 'close' : 'error')
    }
    pumping = false
  }

  const push = (item: Item) => {
    if (state !== 'open') return
    queue.push(item)
    if (!pumping) void pump()
  }

  return {
    body,
    get attached() {
      return state !== 'gone'
    },
    write: (text) => push({ kind: 'bytes', data: encoder.encode(text) }),
    hang: () => push({ kind: 'hang' }),
    destroy: () => push({ kind: 'destroy' }),
    close: () => push({ kind: 'close' }),
    abort: () => {
      queue.length = 0
      if (state !== 'gone') finish('error')
    },
  }
}
