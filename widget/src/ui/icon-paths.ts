/**
 * Stroke icons (24×24) as SVG path data, drawn by the app's Icon. The launcher draws its chat bubble
 * and × as CSS shapes (loader/glyphs.ts).
 */
export const ICON_PATHS = {
  x: 'M18 6 6 18M6 6l12 12',
  send: 'M12 19V5m-7 7 7-7 7 7',
  stop: 'M7 7h10v10H7z',
  plus: 'M12 5v14m-7-7h14',
  list: 'M4 6h16M4 12h16M4 18h10',
  copy: 'M9 9h11v11H9zM5 15H4V4h11v1',
  thumb: 'M7 10v11H3V10h4l4-8c2 0 3 1 3 3v4h6l-2 12H7',
  redo: 'M20 12a8 8 0 1 1-3-6m3-3v6h-6',
} as const

export type IconName = keyof typeof ICON_PATHS
