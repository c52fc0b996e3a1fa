import { defineProject } from 'vitest/config'
import { sseParser } from './vite.config.ts'

export default defineProject({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  resolve: { alias: { 'eventsource-parser': sseParser } },
  test: {
    name: 'widget',
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  },
})
