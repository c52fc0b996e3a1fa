/**
 * The Node bundle as production runs it: the Dify emulator is in a chunk of its own that only demo
 * mode loads, never part of what a relay with a key has loaded at start.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readEventStream, type WidgetEvent } from '@parley/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildNode } from '../scripts/build.ts'

let dir: string
let main: string
let chunks: Record<string, string>
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-bundle-'))
  const entry = await buildNode(join(dir, 'dist/node.js'))
  main = await readFile(entry, 'utf8')
  const names = await readdir(join(dir, 'dist/chunks'))
  chunks = Object.fromEntries(
    await Promise.all(
      names.map(async (n) => [n, await readFile(join(dir, 'dist/chunks', n), 'utf8')]),
    ),
  )
}, 60_000)
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('the Node bundle', () => {
  it('keeps the emulator out of the entry, behind a dynamic import', () => {
    expect(main).not.toContain('function createDifyEmulator')
    const [emulator] = Object.entries(chunks).filter(([, text]) =>
      text.includes('function createDifyEmulator'),
    )
    if (!emulator) throw new Error('no chunk holds the emulator')
    const [name] = emulator
    const statics = [...main.matchAll(/^import [^;]*? from "\.\/chunks\/([^"]+)";?$/gm)].map(
      (m) => m[1],
    )
    expect(statics).not.toContain(name)
    expect(main).toContain(`import("./chunks/${name}")`)
    // Nor does any chunk the entry loads at start bring it in.
    for (const loaded of statics)
      expect(chunks[loaded ?? '']).not.toContain('function createDifyEmulator')
  })

  it('answers from the demo emulator in demo mode, loading it on first use', async () => {
    const child = spawn(process.execPath, [join(dir, 'dist/node.js')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' },
    })
    try {
      let out = ''
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk
          const found = /listening on (http:\/\/\S+)/.exec(out)?.[1]
          if (found) resolve(found)
        })
        child.once('exit', (code) => reject(new Error(`exited ${code}`)))
      })
      const session = await fetch(`${url}/api/session`, { method: 'POST' })
      const { token } = (await session.json()) as { token: string }
      const res = await fetch(`${url}/api/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'hello' }),
      })
      const events: WidgetEvent[] = []
      if (res.body) await readEventStream(res.body, (e) => events.push(e))
      expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThan(0)
      expect(events.at(-1)?.type).toBe('end')
    } finally {
      child.kill('SIGKILL')
    }
  }, 30_000)
})
