import { defineProject } from 'vitest/config'

// Only the pure helpers have tests; the bench itself is `pnpm bench`, never part of CI.
export default defineProject({
  test: { name: 'bench', environment: 'node', include: ['src/**/*.test.ts'] },
})
