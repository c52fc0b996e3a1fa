/**
 * Builds the widget into dist/: the lazy chunks first, then the app (which knows their names and
 * SRI hashes), then the loader `widget.js` (which knows the app's). Pinning widget.js with SRI
 * therefore pins every byte the widget ever runs. Each file is one IIFE: no module loader, no eval.
 *
 * dist/manifest.json lists every file with its size, for the size test and the bench.
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { ALIASES, JSX, UI_CHUNK_ALIASES } from '../build-options.ts'
import { type ChunkFile, chunkFile } from '../src/handoff.ts'

const root = fileURLToPath(new URL('../', import.meta.url))
const dist = `${root}dist/`

export interface ManifestEntry extends ChunkFile {
  bytes: number
}

/** `widget.js` and each hashed file the loader (or the app) may fetch. */
export interface Manifest {
  loader: ManifestEntry
  app: ManifestEntry
  lazy: Record<string, ManifestEntry>
}

async function bundle(
  entry: string,
  define: Record<string, unknown>,
  alias: typeof UI_CHUNK_ALIASES = ALIASES,
  /** Object-literal functions as methods: smaller in the app, larger in the loader (its parsers). */
  methods = true,
): Promise<Uint8Array> {
  const result = await build({
    configFile: false,
    root,
    logLevel: 'warn',
    esbuild: JSX,
    // Library mode leaves `process.env` alone and nanostores reads it (vitejs/vite#8090).
    define: Object.fromEntries(
      Object.entries({ 'process.env.NODE_ENV': 'production', ...define }).map(([k, v]) => [
        k,
        JSON.stringify(v),
      ]),
    ),
    resolve: { alias },
    build: {
      write: false,
      target: 'es2022',
      minify: 'terser',
      // terser squeezes ~4 % more than esbuild. keep_fargs off: no code here reads a function's
      // `length` (Preact counts `arguments`, which keeps a function's parameters). unsafe: String(x)
      // becomes ""+x (no symbols are stringified here) and `new` goes from built-ins that need none;
      // unsafe_methods: object-literal functions become methods (none is called with `new`), where
      // that is smaller.
      terserOptions: {
        ecma: 2020,
        // Preact's private vnode and component fields (`__k`, `__e`, …) get one-letter names: no
        // code outside this bundle reads them (a UI chunk renders with the app's own Preact).
        mangle: { properties: { regex: /^__[A-Za-z]$/ } },
        compress: {
          passes: 3,
          unsafe_arrows: true,
          pure_getters: true,
          keep_fargs: false,
          unsafe: true,
          unsafe_methods: methods,
        },
      },
      copyPublicDir: false,
      lib: { entry, formats: ['iife'], name: 'parley', fileName: () => 'out.js' },
      rollupOptions: { output: { inlineDynamicImports: true } },
    },
  })
  const outputs = Array.isArray(result) ? result : [result]
  const chunk = outputs
    .flatMap((o) => ('output' in o ? o.output : []))
    .find((o) => o.type === 'chunk')
  if (chunk?.type !== 'chunk') throw new Error(`vite produced no chunk for ${entry}`)
  return new TextEncoder().encode(chunk.code)
}

/**
 * V8's explicit compile hint (Chromium 136+; a comment elsewhere): every function of the file is
 * compiled with the script, off the main thread while it streams in, instead of on its first call.
 * The loader calls nearly all of its functions before the launcher shows; on the bench's page view
 * that took ~1 ms of main-thread compiling.
 */
const withCompileHint = (code: Uint8Array): Uint8Array =>
  new Uint8Array([...new TextEncoder().encode('//# allFunctionsCalledOnLoad\n'), ...code])

async function emit(name: string, code: Uint8Array, hashed: boolean): Promise<ManifestEntry> {
  // sha256 (as strong as SRI needs) is 20 characters shorter than sha384 in each pin.
  const digest = createHash('sha256').update(code).digest('base64')
  const integrity = `sha256-${digest}`
  // The name's hash is the SRI hash's start, made URL-safe (the app derives its chunks' names so).
  const file = hashed ? chunkFile(name, integrity).file : `${name}.js`
  await writeFile(`${dist}${file}`, code)
  return { file, integrity, bytes: code.length }
}

export async function buildWidget(version: string): Promise<Manifest> {
  await rm(dist, { recursive: true, force: true })
  await mkdir(dist, { recursive: true })
  const lazy: Record<string, ManifestEntry> = {
    math: await emit('math', await bundle('src/chunks/math.ts', {}), true),
    strings: await emit('strings', await bundle('src/chunks/strings.ts', {}), true),
    page: await emit('page', await bundle('src/chunks/page.ts', {}), true),
    voice: await emit('voice', await bundle('src/chunks/voice.ts', {}, UI_CHUNK_ALIASES), true),
    attach: await emit('attach', await bundle('src/chunks/attach.ts', {}, UI_CHUNK_ALIASES), true),
    history: await emit(
      'history',
      await bundle('src/chunks/history.ts', {}, UI_CHUNK_ALIASES),
      true,
    ),
    form: await emit('form', await bundle('src/chunks/form.ts', {}, UI_CHUNK_ALIASES), true),
    look: await emit('look', await bundle('src/chunks/look.ts', {}, UI_CHUNK_ALIASES), true),
    generate: await emit(
      'generate',
      await bundle('src/chunks/generate.ts', {}, UI_CHUNK_ALIASES),
      true,
    ),
  }
  const hashes = (entries: Record<string, ManifestEntry>) =>
    Object.fromEntries(Object.entries(entries).map(([k, { integrity }]) => [k, integrity]))
  const app = await emit(
    'app',
    await bundle('src/app.ts', { __PARLEY_CHUNKS__: hashes(lazy) }),
    true,
  )
  const loader = await emit(
    'widget',
    withCompileHint(
      await bundle(
        'src/loader/main.ts',
        {
          __PARLEY_APP__: { file: app.file, integrity: app.integrity },
          __PARLEY_VERSION__: version,
        },
        ALIASES,
        false,
      ),
    ),
    false,
  )
  const manifest: Manifest = { loader, app, lazy }
  await writeFile(`${dist}manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { version } = JSON.parse(await readFile(`${root}package.json`, 'utf8'))
  const manifest = await buildWidget(typeof version === 'string' ? version : '0.0.0')
  for (const { file, bytes } of [manifest.loader, manifest.app, ...Object.values(manifest.lazy)]) {
    console.log(`dist/${file}  ${bytes} B`)
  }
}
