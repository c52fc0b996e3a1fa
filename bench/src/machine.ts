/** The machine the figures come from: they mean little without it. */
import { execFileSync } from 'node:child_process'
import { cpus, totalmem } from 'node:os'

export interface Machine {
  cpu: string
  cores: number
  ramGiB: number
  node: string
  os: string
  chromium: string
  /** Open-file limit of the bench and its children (`ulimit -n`). */
  openFiles: string
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
  } catch {
    return 'unknown'
  }
}

export function describeMachine(chromiumPath = '/usr/bin/chromium'): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${process.platform} ${run('uname', ['-r'])}`,
    chromium: run(chromiumPath, ['--version']),
    openFiles: run('sh', ['-c', 'ulimit -n']),
  }
}

export const describeLine = (m: Machine) =>
  `${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.os}, ${m.chromium}`
