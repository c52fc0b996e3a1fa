/** Stroke icons (24×24), inline SVG: no font, no request. */
const PATHS = {
  chat: 'M21 11.5a8.4 8.4 0 0 1-12.3 7.5L3 21l2-5.7A8.5 8.5 0 1 1 21 11.5z',
  x: 'M18 6 6 18M6 6l12 12',
  send: 'M12 19V5m-7 7 7-7 7 7',
  stop: 'M7 7h10v10H7z',
  plus: 'M12 5v14m-7-7h14',
  copy: 'M9 9h11v11H9zM5 15H4V4h11v1',
  thumb: 'M7 10v11H3V10h4l4-8a3 3 0 0 1 3 3v4h5.5a2 2 0 0 1 2 2.4l-1.6 7.8A2 2 0 0 1 17.9 21H7',
} as const

export type IconName = keyof typeof PATHS

/** Size and stroke come from the stylesheet (`svg` rule). */
export function Icon({ name }: { name: IconName }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true">
      <path d={PATHS[name]} />
    </svg>
  )
}
