/** What the build and the tests resolve alike. */
import { fileURLToPath } from 'node:url'

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

/**
 * mdast-util-from-markdown decodes entities with `decode-named-character-reference`, whose browser
 * build parses HTML (innerHTML) and whose other build carries all 2,125 HTML5 names (~10 KB brotli).
 * The widget's stand-in knows the HTML 4 names through `character-entities-html4`.
 */
export const ALIASES = [
  { find: 'decode-named-character-reference', replacement: src('markdown/entities.ts') },
  // micromark-core-commonmark's own imports of its raw-HTML constructs: see markdown/no-html.ts.
  { find: /^\.\/lib\/html-(flow|text)\.js$/, replacement: src('markdown/no-html.ts') },
  // mdast-util-gfm-autolink-literal's second pass: see markdown/autolink-syntax-only.ts.
  { find: 'mdast-util-find-and-replace', replacement: src('markdown/autolink-syntax-only.ts') },
]

/** Classic `h()` calls are smaller than the automatic runtime's `jsx()`; tsconfig keeps react-jsx. */
export const JSX = {
  jsx: 'transform',
  jsxFactory: 'h',
  jsxFragment: 'Fragment',
  jsxInject: "import { h, Fragment } from 'preact'",
} as const

/**
 * A UI chunk (one that renders inside the app's tree) takes Preact from the app: these imports
 * resolve to chunks/host.ts, which the chunk's entry binds to the app's copies.
 */
export const UI_CHUNK_ALIASES = [
  ...ALIASES,
  { find: /^(preact|preact\/hooks|@nanostores\/preact)$/, replacement: src('chunks/host.ts') },
]
