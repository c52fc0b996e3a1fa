import type { DifyUpstream } from '@parley/emulator/server'
import { startDifyUpstream } from '@parley/emulator/server'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { followStream, textOf } from './loopback-relay.ts'
import { accepts, type RelayProcess, startRelayProcess, until } from './node-process.ts'

let upstream: DifyUpstream
const processes: RelayProcess[] = []
beforeAll(async () => {
  upstream = await startDifyUpstream()
})
afterEach(() => {
  for (const p of processes.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL')
})
afterAll(() => upstream.close())

async function startRelay(grace: string) {
  const relay = startRelayProcess({
    DIFY_API_URL: upstream.url,
    DIFY_API_KEY: upstream.apiKey,
    SESSION_SECRET: 'shutdown-test-secret-0123456789abcdef',
    ALLOWED_ORIGINS: '*',
    SHUTDOWN_GRACE: grace,
    LOG_LEVEL: 'info',
  })
  processes.push(relay)
  const url = await relay.listening
  const session = await fetch(`${url}/api/session`, { method: 'POST' })
  const { token } = (await session.json()) as { token: string }
  return { relay, url, token }
}

/** Starts a slow answer and resolves once its first words have arrived. */
async function slowAnswer(url: string, token: string, words: number, delayMs: number) {
  const answer = Array.from({ length: words }, (_, i) => `w${i}`).join(' ')
  upstream.next({ answer, frameDelayMs: delayMs })
  const res = await fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'take your time' }),
  })
  expect(res.status).toBe(200)
  const stream = followStream(res)
  await stream.waitFor((events) => events.some((e) => e.type === 'delta'))
  return { answer, stream }
}

describe('graceful shutdown of the Node entry', () => {
  it('refuses new connections at once, finishes the open answer exactly, then exits 0', async () => {
    const { relay, url, token } = await startRelay('20s')
    const { answer, stream } = await slowAnswer(url, token, 25, 100)
    const signalled = Date.now()
    relay.child.kill('SIGTERM')
    expect(await until(async () => !(await accepts(url)), 5000)).toBe(true)
    // The listener is gone while the answer is still streaming.
    expect(stream.events.some((e) => e.type === 'end')).toBe(false)
    const events = await stream.done
    expect(textOf(events)).toBe(answer)
    expect(events.at(-1)?.type).toBe('end')
    expect(await relay.exited).toBe(0)
    // Well before the 20 s grace: it left as soon as the last stream was done.
    expect(Date.now() - signalled).toBeLessThan(15_000)
    expect(relay.output().stdout).toMatch(/SIGTERM: no new connections/)
  }, 30_000)

  it('cuts a stream that outlasts SHUTDOWN_GRACE with a final retryable error, and exits', async () => {
    const { relay, url, token } = await startRelay('300ms')
    const { stream } = await slowAnswer(url, token, 100, 100)
    relay.child.kill('SIGTERM')
    const events = await stream.done
    expect(events.some((e) => e.type === 'end')).toBe(false)
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'upstream_unavailable',
      retryable: true,
    })
    expect(await relay.exited).toBe(0)
    expect(relay.output().stderr).toMatch(/shutdown grace period over/)
  }, 30_000)

  it('on a second signal, ends open streams with the same error and exits 1 at once', async () => {
    const { relay, url, token } = await startRelay('20s')
    const { stream } = await slowAnswer(url, token, 100, 100)
    relay.child.kill('SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 200))
    const signalled = Date.now()
    relay.child.kill('SIGTERM')
    const events = await stream.done
    expect(events.at(-1)).toMatchObject({ type: 'error', retryable: true })
    expect(await relay.exited).toBe(1)
    expect(Date.now() - signalled).toBeLessThan(2000)
  }, 30_000)
})
