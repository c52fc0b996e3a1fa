import { describe, expect, it } from 'vitest'
import { fromBase64Url, seal, signId, toBase64Url, unseal, verifiedId } from './signed-ids.ts'

const SECRET = 'signed-ids-test-secret-0123456789'
const scope = { app: 'default', visitor: 'v_alice' }
const TASK = 'f3b2bbbb-0000-4000-8000-000000000003'

/** The token with one character of its MAC changed. */
const tampered = (token: string) =>
  `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.slice(-1)}`

describe('signId / verifiedId', () => {
  it('gives back the id of a token it signed, for the same purpose and scope', async () => {
    const token = await signId(SECRET, 'task', scope, TASK)
    expect(token).toMatch(new RegExp(`^${TASK}\\.[A-Za-z0-9_-]{43}$`))
    expect(await verifiedId(SECRET, 'task', scope, token)).toBe(TASK)
  })

  it('accepts a token from any relay sharing the secret, and the same token every time', async () => {
    expect(await signId(SECRET, 'task', scope, TASK)).toBe(
      await signId(SECRET, 'task', scope, TASK),
    )
  })

  it('refuses another visitor’s, another app’s, another purpose’s or another secret’s token', async () => {
    const token = await signId(SECRET, 'task', scope, TASK)
    expect(await verifiedId(SECRET, 'task', { ...scope, visitor: 'v_bob' }, token)).toBeNull()
    expect(await verifiedId(SECRET, 'task', { ...scope, app: 'support' }, token)).toBeNull()
    expect(await verifiedId(SECRET, 'form', scope, token)).toBeNull()
    expect(await verifiedId(`${SECRET}x`, 'task', scope, token)).toBeNull()
  })

  it('refuses a tampered MAC, another id under the MAC, and malformed tokens', async () => {
    const token = await signId(SECRET, 'task', scope, TASK)
    const mac = token.slice(TASK.length)
    for (const bad of [
      tampered(token),
      `11111111-2222-4333-8444-555555555555${mac}`,
      TASK,
      `${token}=`,
      `.${mac.slice(1)}`,
      `a.b${mac}`,
      '',
      `${TASK}.${'!'.repeat(43)}`,
    ]) {
      expect(await verifiedId(SECRET, 'task', scope, bad), bad).toBeNull()
    }
  })

  it('cannot be fooled by moving text between the app and the visitor', async () => {
    const token = await signId(SECRET, 'task', { app: 'a', visitor: 'bc' }, TASK)
    expect(await verifiedId(SECRET, 'task', { app: 'ab', visitor: 'c' }, token)).toBeNull()
  })
})

describe('seal / unseal', () => {
  const value = { t: 'dify-form-token-SECRET', r: 'run-1', e: 1747129600000, a: ['ok'], f: [] }

  it('gives back what it sealed, for the same purpose and scope', async () => {
    const token = await seal(SECRET, 'form', scope, value)
    expect(await unseal(SECRET, 'form', scope, token)).toEqual(value)
  })

  it('hides what it sealed: nothing of it is readable in the token', async () => {
    const token = await seal(SECRET, 'form', scope, value)
    const bytes = new TextDecoder('latin1').decode(fromBase64Url(token) ?? new Uint8Array())
    expect(token).not.toContain('SECRET')
    expect(bytes).not.toContain('SECRET')
    expect(bytes).not.toContain('run-1')
    // A fresh IV each time: the same value never seals to the same token.
    expect(await seal(SECRET, 'form', scope, value)).not.toBe(token)
  })

  it('refuses another visitor’s, another app’s, another purpose’s or another secret’s token', async () => {
    const token = await seal(SECRET, 'form', scope, value)
    expect(await unseal(SECRET, 'form', { ...scope, visitor: 'v_bob' }, token)).toBeNull()
    expect(await unseal(SECRET, 'form', { ...scope, app: 'support' }, token)).toBeNull()
    expect(await unseal(SECRET, 'task', scope, token)).toBeNull()
    expect(await unseal(`${SECRET}x`, 'form', scope, token)).toBeNull()
  })

  it('refuses a tampered, cut or malformed token', async () => {
    const token = await seal(SECRET, 'form', scope, value)
    const bytes = fromBase64Url(token) ?? new Uint8Array()
    bytes[20] = (bytes[20] ?? 0) ^ 1
    for (const bad of [
      toBase64Url(bytes),
      token.slice(0, -4),
      token.slice(0, 30),
      '',
      '***',
      'a',
    ]) {
      expect(await unseal(SECRET, 'form', scope, bad), bad).toBeNull()
    }
  })
})

describe('base64url', () => {
  it('round-trips every byte and refuses what is not base64url', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    for (let n = 0; n <= 5; n++) {
      expect(fromBase64Url(toBase64Url(all.slice(0, 250 + n)))).toEqual(all.slice(0, 250 + n))
    }
    expect(toBase64Url(all)).toMatch(/^[A-Za-z0-9_-]+$/)
    for (const bad of ['a', 'ab+c', 'ab/c', 'ab=c', 'a b']) expect(fromBase64Url(bad)).toBeNull()
  })
})
