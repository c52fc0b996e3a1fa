/**
 * An answer's audio from `/text-to-audio`, passed on as it arrives: cut off (the stream errors, so
 * the browser sees a broken download, never a silently short one) past a size, after a silence, or
 * after a total time. Nothing is read ahead of the browser.
 */

export interface AudioBounds {
  maxBytes: number
  /** Silence allowed between chunks. */
  idleMs: number
  /** The whole download. */
  totalMs: number
  /** Hears why the audio was cut off, for the log. */
  onLimit?: (reason: string) => void
}

export function boundedAudio(
  body: ReadableStream<Uint8Array>,
  { maxBytes, idleMs, totalMs, onLimit }: AudioBounds,
): ReadableStream<Uint8Array> {
  const source = body.getReader()
  const deadline = Date.now() + totalMs
  let received = 0
  const cutOff = async (controller: ReadableStreamDefaultController<Uint8Array>, why: string) => {
    onLimit?.(why)
    controller.error(new Error(`audio cut off: ${why}`))
    await source.cancel(why).catch(() => undefined)
  }
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const waitMs = Math.min(idleMs, deadline - Date.now())
        let timer: ReturnType<typeof setTimeout> | undefined
        const late = new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), Math.max(0, waitMs))
        })
        let next: Awaited<ReturnType<typeof source.read>> | 'late'
        try {
          next = await Promise.race([source.read(), late])
        } catch {
          await cutOff(controller, 'the upstream connection broke')
          return
        } finally {
          clearTimeout(timer)
        }
        if (next === 'late') {
          await cutOff(controller, waitMs < idleMs ? `over ${totalMs} ms` : `silent ${idleMs} ms`)
          return
        }
        if (next.done) {
          controller.close()
          return
        }
        received += next.value.byteLength
        if (received > maxBytes) {
          await cutOff(controller, `more than ${maxBytes} bytes`)
          return
        }
        controller.enqueue(next.value)
      },
      cancel: (reason) => source.cancel(reason),
    },
    { highWaterMark: 0 },
  )
}
