import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

/** See src/api/sse-parser.ts: the budget-sized stand-in for eventsource-parser in the browser. */
export const sseParser = fileURLToPath(new URL('./src/api/sse-parser.ts', import.meta.url))

/**
 * One self-contained IIFE: Preact, nanostores, markdown and CSS (as a string for replaceSync) all
 * inlined; no CSS file, no chunks, no assets.
 */
export default defineConfig({
  // Classic `h(type, props, ...children)` calls are smaller than the automatic runtime's
  // `jsx(type, { ...props, children: [...] })`; the tsconfig keeps react-jsx for type checking.
  esbuild: {
    jsx: 'transform',
    jsxFactory: 'h',
    jsxFragment: 'Fragment',
    jsxInject: "import { h, Fragment } from 'preact'",
  },
  // Library mode leaves `process.env` alone and nanostores reads it (vitejs/vite#8090).
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  resolve: { alias: { 'eventsource-parser': sseParser } },
  build: {
    target: 'es2022',
    // The map is for local debugging; the relay does not serve it, so no sourceMappingURL comment.
    sourcemap: 'hidden',
    minify: 'terser',
    // terser squeezes ~4 % more than esbuild; every byte counts against the 15 KB brotli budget.
    terserOptions: { ecma: 2020, compress: { passes: 3, unsafe_arrows: true, pure_getters: true } },
    cssCodeSplit: false,
    assetsInlineLimit: Number.POSITIVE_INFINITY,
    copyPublicDir: false,
    lib: {
      entry: 'src/main.ts',
      formats: ['iife'],
      name: 'ParleyWidget',
      fileName: () => 'widget.js',
    },
    rollupOptions: { output: { inlineDynamicImports: true } },
  },
})
