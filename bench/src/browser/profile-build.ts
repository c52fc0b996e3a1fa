/**
 * A readable twin of the widget's app chunk, for the streaming profile only: the same entry,
 * defines and aliases as widget/scripts/build.ts, but not minified, with Preact from its source
 * (its npm build is minified) and a source map, so that a CPU profile names real functions and files.
 * The budgets are always measured on the real build; this one never leaves the bench.
 */
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ALIASES, JSX } from '../../../widget/build-options.ts'
import type { Manifest } from '../../../widget/scripts/build.ts'
import type { RawSourceMap } from '../sourcemap.ts'

const widgetRoot = fileURLToPath(new URL('../../../widget/', import.meta.url))

export interface ProfileBuild {
  code: string
  integrity: string
  map: RawSourceMap
}

interface ViteOutput {
  output?: { type: string; code?: string; map?: RawSourceMap | null }[]
}
type ViteBuild = (config: Record<string, unknown>) => Promise<ViteOutput | ViteOutput[]>

/** Vite as the widget has it installed (the bench does not depend on it). */
async function viteBuild(): Promise<ViteBuild> {
  const fromWidget = createRequire(`${widgetRoot}package.json`)
  const vite = (await import(pathToFileURL(fromWidget.resolve('vite')).href)) as {
    build: ViteBuild
  }
  return vite.build
}

export async function buildProfileApp(manifest: Manifest): Promise<ProfileBuild> {
  const build = await viteBuild()
  const fromWidget = createRequire(`${widgetRoot}package.json`)
  const preactSrc = fileURLToPath(
    new URL('./src/index.js', pathToFileURL(fromWidget.resolve('preact/package.json'))),
  )
  const hooksSrc = fileURLToPath(
    new URL('./hooks/src/index.js', pathToFileURL(fromWidget.resolve('preact/package.json'))),
  )
  // As the real build: each chunk's SRI hash (the app derives the file name from it).
  const chunks = Object.fromEntries(
    Object.entries(manifest.lazy).map(([k, { integrity }]) => [k, integrity]),
  )
  const define = { 'process.env.NODE_ENV': 'production', __PARLEY_CHUNKS__: chunks }
  const result = await build({
    configFile: false,
    root: widgetRoot,
    logLevel: 'warn',
    esbuild: JSX,
    define: Object.fromEntries(Object.entries(define).map(([k, v]) => [k, JSON.stringify(v)])),
    resolve: {
      alias: [
        ...ALIASES,
        { find: /^preact$/, replacement: preactSrc },
        { find: /^preact\/hooks$/, replacement: hooksSrc },
      ],
    },
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      sourcemap: 'hidden',
      copyPublicDir: false,
      lib: { entry: 'src/app.ts', formats: ['iife'], name: 'parley', fileName: () => 'out.js' },
      rollupOptions: { output: { inlineDynamicImports: true } },
    },
  })
  const outputs = Array.isArray(result) ? result : [result]
  const chunk = outputs.flatMap((o) => o.output ?? []).find((o) => o.type === 'chunk')
  if (!chunk?.code || !chunk.map) throw new Error('vite produced no app chunk with a source map')
  const integrity = `sha384-${createHash('sha384').update(chunk.code).digest('base64')}`
  return { code: chunk.code, integrity, map: chunk.map }
}
