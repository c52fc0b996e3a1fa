import { defineProject } from 'vitest/config'
import { ALIASES } from './build-options.ts'

export default defineProject({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  resolve: { alias: ALIASES },
  test: {
    name: 'widget',
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    // Run the parser through Vite so the build's aliases (ALIASES) reach it.
    server: { deps: { inline: [/micromark/, /mdast-util-(from-markdown|gfm-autolink-literal)/] } },
  },
})
