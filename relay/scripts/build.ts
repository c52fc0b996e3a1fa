/**
 * Bundles the relay with esbuild: `dist/node.js` (run with plain `node`, no node_modules needed) and
 * `dist/worker.js` (Cloudflare Workers, the widget's files embedded). `tsx scripts/build.ts` builds
 * both; `tsx scripts/build.ts node` only the first (what `pnpm start` runs).
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const relayDir = fileURLToPath(new URL('../', import.meta.url))
const widgetDir = fileURLToPath(new URL('../../widget/dist/', import.meta.url))

async function version(): Promise<string> {
  const pkg = JSON.parse(await readFile(`${relayDir}package.json`, 'utf8'))
  return typeof pkg.version === 'string' ? pkg.version : 'dev'
}

/**
 * `relay/dist/node.js`: the Node entry and every dependency, in ES modules (`dist/chunks/` beside it
 * holds what only demo mode loads). It finds the repository (widget/dist, `.env`) as the nearest
 * folder above it holding pnpm-workspace.yaml.
 */
export async function buildNode(outfile = `${relayDir}dist/node.js`): Promise<string> {
  await build({
    entryPoints: { [basename(outfile, '.js')]: `${relayDir}src/node.ts` },
    outdir: dirname(outfile),
    // What only demo mode loads (the Dify emulator) goes in a chunk of its own, never loaded with a key.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
    // Bundled CommonJS dependencies (ioredis) call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  })
  return outfile
}

/** widget/dist's scripts by name; none when it has not been built (then /widget.js is a 503). */
async function widgetFiles(): Promise<Record<string, string>> {
  const names = await readdir(widgetDir).catch(() => [])
  const scripts = names.filter((name) => name.endsWith('.js'))
  return Object.fromEntries(
    await Promise.all(scripts.map(async (n) => [n, await readFile(`${widgetDir}${n}`, 'utf8')])),
  )
}

/** The Worker as one ES module. */
export async function bundleWorker(): Promise<string> {
  const result = await build({
    entryPoints: [`${relayDir}src/entries/worker.ts`],
    bundle: true,
    write: false,
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    target: 'es2022',
    format: 'esm',
    logLevel: 'warning',
    define: {
      __PARLEY_WIDGET_FILES__: JSON.stringify(await widgetFiles()),
      __PARLEY_VERSION__: JSON.stringify(await version()),
    },
  })
  const [file] = result.outputFiles
  if (!file) throw new Error('esbuild produced no worker bundle')
  return file.text
}

export async function buildWorker(): Promise<string> {
  await mkdir(`${relayDir}dist`, { recursive: true })
  const outfile = `${relayDir}dist/worker.js`
  await writeFile(outfile, await bundleWorker())
  return outfile
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const nodeOnly = process.argv[2] === 'node'
  const files = nodeOnly ? [await buildNode()] : [await buildNode(), await buildWorker()]
  for (const file of files) console.log(`built ${file}`)
}
