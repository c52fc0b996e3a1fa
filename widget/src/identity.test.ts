import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { error, fakeRelay, json, sse } from '../test/fake-relay.ts'
import { testConfig, testHandoff } from '../test/view.ts'
import { storageKey } from './config.ts'
import type { AppControl } from './handoff.ts'
import { Look } from './look/Look.tsx'
import { SignIn } from './look/SignIn.tsx'
import { Sources } from './look/Sources.tsx'
import { start } from './widget.ts'

/** An unsigned stand-in for the site's user token: the widget reads only its `sub`. */
const userToken = (sub: string) =>
  `eyJhbGciOiJIUzI1NiJ9.${btoa(JSON.stringify({ sub, exp: 4102444800 })).replace(/=+$/, '')}.sig`

let relay = fakeRelay()
let control: AppControl | null = null
const key = storageKey('https://relay.test')
const saved = () => JSON.parse(sessionStorage.getItem(key) ?? 'null')
const sessionBodies = () =>
  relay.calls.filter((c) => c.path === '/api/session').map((c) => c.body ?? null)

function startApp(overrides = {}) {
  const handoff = testHandoff(testConfig(overrides))
  control = start(handoff, { fetch: relay.fetch })
  return handoff
}

beforeEach(() => {
  sessionStorage.clear()
  relay = fakeRelay()
  relay.on('GET /api/app', () => json({ title: 'Acme', suggestedQuestions: [], features: {} }))
  relay.on('POST /api/chat', () =>
    sse([
      { type: 'start', conversationId: 'c-1', messageId: 'm-1', taskId: 't-1' },
      { type: 'delta', text: 'Hi' },
      { type: 'end', messageId: 'm-1', sources: [] },
    ]),
  )
})
afterEach(() => {
  vi.unstubAllGlobals()
  control?.destroy()
  control = null
  document.body.replaceChildren()
})

describe('signed-in users', () => {
  it('asks for sessions with data-user-token, and keeps the session with its user', async () => {
    startApp({ userToken: userToken('cust-1') })
    await vi.waitFor(() => expect(sessionBodies()).toEqual([{ userToken: userToken('cust-1') }]))
    control?.send('Hello')
    await vi.waitFor(() => expect(saved()?.conversationId).toBe('c-1'))
    expect(saved().user).toBe('cust-1')
  })

  it('does not take up a conversation saved for another user (a shared computer)', async () => {
    sessionStorage.setItem(
      key,
      JSON.stringify({ token: 'old', conversationId: 'c-9', user: 'cust-1' }),
    )
    startApp({ userToken: userToken('cust-2') })
    await vi.waitFor(() => expect(sessionBodies()).toHaveLength(1))
    expect(relay.calls.some((c) => c.path.includes('c-9'))).toBe(false)
    expect(relay.calls.every((c) => c.auth !== 'Bearer old')).toBe(true)
  })

  it('identify: another user gets a new session and conversation; the same user a fresh token only', async () => {
    startApp()
    control?.send('Hello')
    await vi.waitFor(() => expect(saved()?.conversationId).toBe('c-1'))
    control?.identify(userToken('cust-1'))
    expect(saved()).toEqual({ token: null, conversationId: null, user: 'cust-1' })
    control?.send('Hello again')
    await vi.waitFor(() =>
      expect(sessionBodies().at(-1)).toEqual({ userToken: userToken('cust-1') }),
    )
    await vi.waitFor(() => expect(saved().conversationId).toBe('c-1'))
    const { token } = saved()
    const minted = sessionBodies().length
    control?.identify(userToken('cust-1'))
    expect(saved().user).toBe('cust-1')
    expect(saved()).toEqual({ token, conversationId: 'c-1', user: 'cust-1' })
    expect(sessionBodies()).toHaveLength(minted)
  })

  it('identify warns about something that is not a user token and changes nothing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    startApp()
    control?.identify('not a token')
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Parley.identify()'))
    warn.mockRestore()
  })

  it('logout forgets the user, the session and the conversation in this browser', async () => {
    startApp({ userToken: userToken('cust-1') })
    control?.send('Hello')
    await vi.waitFor(() => expect(saved()?.conversationId).toBe('c-1'))
    control?.logout()
    expect(sessionStorage.getItem(key)).toBeNull()
    control?.send('Who am I?')
    await vi.waitFor(() => expect(sessionBodies().at(-1)).toBeNull())
  })

  it('emits parley:identity-expired when the relay refuses the user token', async () => {
    relay.on('POST /api/session', () =>
      error('identity_invalid', 401, 'The user token has expired.'),
    )
    const expired = vi.fn()
    addEventListener('parley:identity-expired', expired)
    startApp({ userToken: userToken('cust-1') })
    await vi.waitFor(() => expect(expired).toHaveBeenCalled())
    removeEventListener('parley:identity-expired', expired)
  })

  it('shows a sign-in prompt (from the look chunk), linking to data-login-url, when the app serves signed-in users only', async () => {
    relay.on('POST /api/session', () => error('identity_required', 401, 'Please sign in first.'))
    vi.stubGlobal('__PARLEY_CHUNKS__', { look: 'sha256-l0' })
    const handoff = testHandoff(testConfig({ loginUrl: 'https://shop.example.com/login' }))
    const { root } = handoff
    const loaded: string[] = []
    control = start(
      {
        ...handoff,
        load: async ({ file }) => {
          loaded.push(file)
          // What the chunk registers: a binder to the app's Preact (the tests' is the same copy).
          return () => ({ Look, Sources, SignIn })
        },
      },
      { fetch: relay.fetch },
    )
    control?.open()
    await vi.waitFor(() => expect(root.querySelector('[data-parley="sign-in"]')).not.toBeNull())
    expect(root.querySelector('[data-parley="input"]')).toBeNull()
    const link = root.querySelector<HTMLAnchorElement>('[data-parley="sign-in"] a')
    expect(link?.href).toBe('https://shop.example.com/login')
    expect(link?.textContent).toBe('Sign in')
    expect(loaded).toEqual(['look.l0.js'])
    control?.identify(userToken('cust-1'))
    await vi.waitFor(() => expect(root.querySelector('[data-parley="input"]')).not.toBeNull())
  })
})
