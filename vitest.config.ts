import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: { projects: ['shared', 'relay', 'widget', 'examples', 'bench'] },
})
