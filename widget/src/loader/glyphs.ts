/**
 * The launcher's glyphs, as clip-path shapes of its 26×26 glyph box painted in the text colour: the
 * outlines of 2 px strokes of two 24×24 icons scaled to 26 px, a speech bubble
 * (`M21 12a9 9 0 0 1-13 8l-5 1 1-5a9 9 0 1 1 17-4z`) and ui/icon-paths.ts `x` (square ends).
 * The loader's stylesheet has the bubble, the app's the × (only the app opens the panel).
 * Measured on the bench's page view in Chromium, against what they replace: SVG elements cost
 * ~0.7 ms of main thread to create, and ::before/::after boxes (content "") ~1 ms more layout.
 */
export const CHAT_GLYPH =
  'path(evenodd,"M3.2 17.6A10.8 10.8 0 1 1 8.4 22.8L3.5 23.8a1.1 1.1 0 0 1-1.3-1.3zM8.7 20.6 4.6 21.4 5.5 17.3A8.7 8.7 0 1 1 8.7 20.6z")'

export const CLOSE_GLYPH =
  'path("M13 11.5 19.5 4.9 21.1 6.5 14.5 13 21.1 19.5 19.5 21.1 13 14.5 6.5 21.1 4.9 19.5 11.5 13 4.9 6.5 6.5 4.9z")'
