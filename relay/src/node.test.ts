import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const tsx = new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href
const entry = fileURLToPath(new URL('./node.ts', import.meta.url))
const children: ChildProcess[] = []

/** Runs the Node entry in a directory whose .env sets SHUTDOWN_GRACE to something invalid. */
function start(env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'parley-node-'))
  writeFileSync(join(cwd, '.env'), 'SHUTDOWN_GRACE=forever\n')
  // tsx as a loader in this one process: a SIGKILL then leaves nothing running.
  const child = spawn(process.execPath, ['--import', tsx, entry], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', DIFY_API_KEY: '', ...env },
  })
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1]
      if (url) resolve(url)
    })
    void exited.then(() => reject(new Error(stderr)))
  })
  // Not every test waits for it.
  listening.catch(() => undefined)
  return { child, exited, listening, output: () => ({ stdout, stderr }) }
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

describe('node entry', () => {
  it('reads .env and fails on a bad value with one line and no stack', async () => {
    const relay = start({})
    expect(await relay.exited).toBe(1)
    expect(relay.output().stderr).toBe(
      'parley: SHUTDOWN_GRACE must be a duration like 500ms, 30s, 5m, 24h or 30d, got "forever"\n',
    )
  })

  it('lets the environment win over .env, serves sessions and exits on SIGTERM', async () => {
    const relay = start({ SHUTDOWN_GRACE: '1s' })
    const url = await relay.listening
    expect(relay.output().stderr).toMatch(/DEMO MODE: DIFY_API_KEY is not set/)
    const res = await fetch(`${url}/api/session`, { method: 'POST' })
    expect(res.status).toBe(201)
    relay.child.kill('SIGTERM')
    expect(await relay.exited).toBe(0)
  })

  it('reads PARLEY_CONFIG from a file, and stops at a bad one with one line naming app and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-apps-'))
    const file = join(dir, 'parley.json')
    writeFileSync(file, JSON.stringify({ apps: { docs: { difyApiKey: '${DOCS_KEY}' } } }))
    const unset = start({ SHUTDOWN_GRACE: '1s', PARLEY_CONFIG: file })
    expect(await unset.exited).toBe(1)
    expect(unset.output().stderr).toBe(
      'parley: PARLEY_CONFIG app "docs" field difyApiKey uses ${DOCS_KEY}, which is not set\n',
    )
    const relay = start({ SHUTDOWN_GRACE: '1s', PARLEY_CONFIG: file, DOCS_KEY: 'app-docs-0123' })
    const url = await relay.listening
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({
      mode: 'dify',
      apps: [{ id: 'docs', mode: 'dify' }],
    })
    relay.child.kill('SIGTERM')
    expect(await relay.exited).toBe(0)
  })
})
