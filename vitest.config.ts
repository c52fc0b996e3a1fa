import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      'shared',
      'emulator',
      'relay',
      'relay/vitest.heavy.config.ts',
      'widget',
      'examples',
      'bench',
    ],
  },
})
