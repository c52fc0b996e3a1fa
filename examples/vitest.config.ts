import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'examples',
    environment: 'node',
    include: ['*.test.ts'],
    // Each browser test file launches one Chromium; running them one at a time keeps a 2-core CI stable.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
