/** A throwaway redis-server on a free loopback port, for tests of the shared rate-limit store. */
import { type ChildProcess, spawn } from 'node:child_process'
import { freePort } from './free-port.ts'

// The Debian package redis-server, which scripts/ensure-system-deps.sh installs before the tests.
const REDIS_SERVER = '/usr/bin/redis-server'

export interface RedisServer {
  url: string
  stop(): Promise<void>
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort()
  const child: ChildProcess = spawn(REDIS_SERVER, [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ])
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) resolve()
    })
    child.on('error', reject)
    child.on('exit', (code) => reject(new Error(`redis-server exited with ${code}`)))
  })
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill()
      await exited
    },
  }
}
