/**
 * The relay as a real process on Node, Bun, Deno or workerd (miniflare), started the way its
 * `start*` script starts it, plus the browser-like client the loopback tests use.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildNode } from '../../scripts/build.ts'
import { client, type LoopbackRelay } from '../loopback-relay.ts'

export type Runtime = 'node' | 'bun' | 'deno' | 'workerd'
export const RUNTIMES: readonly Runtime[] = ['node', 'bun', 'deno', 'workerd']
export const TEST_SECRET = 'runtime-test-secret-0123456789abcdef'

const relayDir = fileURLToPath(new URL('../../', import.meta.url))
const require = createRequire(import.meta.url)
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`))

// One bundle per test process: several test files build at once, and node.js itself is the lead's.
const nodeBundle = `dist/node.test-${process.pid}.js`
let nodeBuilt: Promise<unknown> | undefined

/** The command each runtime's `start:*` script runs, binaries called directly so signals reach them. */
async function command(runtime: Runtime): Promise<[string, string[]]> {
  switch (runtime) {
    case 'node':
      nodeBuilt ??= buildNode(join(relayDir, nodeBundle))
      await nodeBuilt
      return [process.execPath, [nodeBundle]]
    case 'bun':
      return [join(packageDir('bun'), 'bin/bun.exe'), ['--no-install', 'src/entries/bun.ts']]
    case 'deno':
      return [
        join(packageDir('deno'), 'deno'),
        ['run', '--no-lock', '--no-prompt', '--allow-net', '--allow-env', '--allow-read'].concat(
          'src/entries/deno.ts',
        ),
      ]
    case 'workerd':
      return [process.execPath, ['--import', 'tsx', 'scripts/start-workerd.ts']]
  }
}

/** Removes this process's Node bundle; call once after the last relay of a file has stopped. */
export const removeNodeBundle = () => rm(join(relayDir, nodeBundle), { force: true })

export interface RuntimeRelay extends Omit<LoopbackRelay, 'server'> {
  runtime: Runtime
  /** Every line the process wrote, stdout and stderr. */
  logs: string[]
  child: ChildProcess
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>
}

export async function startRelayOn(
  runtime: Runtime,
  env: Record<string, string>,
  { deadlineMs = 45_000 } = {},
): Promise<RuntimeRelay> {
  const [cmd, args] = await command(runtime)
  const child = spawn(cmd, args, {
    cwd: relayDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // No telemetry, update checks or crash reports from the runtimes themselves.
      DO_NOT_TRACK: '1',
      DENO_NO_UPDATE_CHECK: '1',
      PORT: '0',
      HOST: '127.0.0.1',
      SESSION_SECRET: TEST_SECRET,
      ALLOWED_ORIGINS: '*',
      RATE_LIMIT_SESSION: '1000/min',
      RATE_LIMIT_IP: '1000/min',
      ...env,
    },
  })
  const logs: string[] = []
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${runtime}: no listening line`)), deadlineMs)
    const onLine = (line: string) => {
      logs.push(line)
      const listening = /"url":"(http:[^"]+)".*/.exec(line)
      if (listening?.[1] && line.includes('listening')) {
        clearTimeout(timer)
        resolve(listening[1])
      }
    }
    for (const stream of [child.stdout, child.stderr]) {
      let rest = ''
      stream?.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n')
        rest = lines.pop() ?? ''
        for (const line of lines) onLine(line)
      })
    }
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`${runtime} exited (${code}) before listening:\n${logs.join('\n')}`))
    })
  })
  let base: string
  try {
    base = await url
  } catch (error) {
    child.kill('SIGKILL')
    throw error
  }

  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
  return { runtime, logs, child, exited, close, ...client(base) }
}
