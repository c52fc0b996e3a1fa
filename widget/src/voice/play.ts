/**
 * Plays a spoken answer (`audio/mpeg`, as the relay streams it from Dify's `/text-to-audio`) in an
 * `<audio>` element: through Media Source Extensions as the bytes arrive where the engine takes MP3
 * that way, else once the whole file is here. The element's `src` is a `blob:` URL either way (a
 * strict CSP needs `media-src blob:` for it).
 */
const MP3 = 'audio/mpeg'

/** Resolves once every byte is in the element; `onUrl` gets the object URL to revoke later. */
export async function playStream(
  res: Response,
  audio: HTMLAudioElement,
  onUrl: (url: string) => void,
): Promise<void> {
  const body = res.body
  if (!body || !globalThis.MediaSource?.isTypeSupported(MP3)) {
    const url = URL.createObjectURL(await res.blob())
    onUrl(url)
    audio.src = url
    return audio.play()
  }
  const source = new MediaSource()
  const url = URL.createObjectURL(source)
  onUrl(url)
  audio.src = url
  await new Promise((resolve) => source.addEventListener('sourceopen', resolve, { once: true }))
  const buffer = source.addSourceBuffer(MP3)
  // Started now, it plays as soon as the first bytes are in.
  const playing = audio.play()
  const reader = body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    buffer.appendBuffer(value)
    await new Promise((resolve) => buffer.addEventListener('updateend', resolve, { once: true }))
  }
  source.endOfStream()
  await playing
}
