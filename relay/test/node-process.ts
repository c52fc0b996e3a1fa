/** The Node entry (`src/node.ts`) as a child process, the way production runs it, for shutdown tests. */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// tsx as a loader in the relay's own process (not its CLI, which runs the entry in a child of its
// own that a SIGKILL of the wrapper would leave running).
export const TSX_LOADER = new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href
const entry = fileURLToPath(new URL('../src/node.ts', import.meta.url))

export interface RelayProcess {
  child: ChildProcess
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>
  /** The URL it logged once listening. */
  listening: Promise<string>
  output(): { stdout: string; stderr: string }
}

/** Starts the entry in an empty directory (no .env) on a free loopback port. */
export function startRelayProcess(env: Record<string, string>): RelayProcess {
  const cwd = mkdtempSync(join(tmpdir(), 'parley-relay-'))
  const child = spawn(process.execPath, ['--import', TSX_LOADER, entry], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', () => {
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1]
      if (url) resolve(url)
    })
    void exited.then(() => reject(new Error(`relay exited: ${stderr}`)))
  })
  listening.catch(() => undefined)
  return { child, exited, listening, output: () => ({ stdout, stderr }) }
}

/** Whether a new TCP connection to `url` is accepted (true) or refused (false). */
export function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** The relay's resident memory now, in MB (Linux). */
export function rssMb(relay: RelayProcess): number {
  const status = readFileSync(`/proc/${relay.child.pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
}

/** Whether `check` comes true within `ms`, polled every 25 ms. */
export async function until(check: () => Promise<boolean> | boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return false
}
