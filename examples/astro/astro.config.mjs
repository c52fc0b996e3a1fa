// The Astro example site (`astro.browser.test.ts` builds it into dist/; the examples server serves it
// under /astro/ with the strict CSP).
import { defineConfig } from 'astro/config'

export default defineConfig({
  base: '/astro',
  trailingSlash: 'always',
  // A strict `style-src 'self'` refuses inline <style>, Astro's route announcer's included.
  build: { inlineStylesheets: 'never' },
  prefetch: false,
})
