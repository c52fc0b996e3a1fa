import { beforeEach, describe, expect, it } from 'vitest'
import { storageKey } from '../config.ts'
import { createSession } from './session.ts'

const KEY = storageKey('https://relay.test')

beforeEach(() => sessionStorage.clear())

describe('the session store', () => {
  it('saves the token and conversation id per relay, in the format the loader reads', () => {
    const session = createSession('https://relay.test')
    session.keep()
    expect(session.$session.get()).toEqual({ token: null, conversationId: null, user: null })
    session.tokens.set('tok')
    session.setConversationId('c1')
    expect(session.tokens.get()).toBe('tok')
    expect(JSON.parse(sessionStorage.getItem(KEY) ?? '')).toEqual({
      token: 'tok',
      conversationId: 'c1',
      user: null,
    })
    expect(sessionStorage.getItem(storageKey('https://other.test'))).toBeNull()
    session.destroy()
    session.setConversationId(null)
    expect(JSON.parse(sessionStorage.getItem(KEY) ?? '').conversationId).toBe('c1')
  })

  it('resumes what this tab saved, and ignores what it cannot read', () => {
    sessionStorage.setItem(KEY, JSON.stringify({ token: 'tok', conversationId: 'c1' }))
    expect(createSession('https://relay.test').$session.get()).toEqual({
      token: 'tok',
      conversationId: 'c1',
      user: null,
    })
    for (const saved of ['{not json', 'null', '42', '{"token":7,"conversationId":["x"]}']) {
      sessionStorage.setItem(KEY, saved)
      expect(createSession('https://relay.test').$session.get()).toEqual({
        token: null,
        conversationId: null,
        user: null,
      })
    }
  })

  it('keeps each app of one relay apart (data-app)', () => {
    const sales = createSession('https://relay.test', 'sales')
    sales.keep()
    sales.setConversationId('c-sales')
    expect(
      JSON.parse(sessionStorage.getItem('parley:https://relay.test#sales') ?? ''),
    ).toMatchObject({
      conversationId: 'c-sales',
    })
    expect(sessionStorage.getItem(KEY)).toBeNull()
    expect(KEY).toBe('parley:https://relay.test#')
    expect(createSession('https://relay.test').$session.get().conversationId).toBeNull()
  })

  it('keeps the session where data-persist says: this tab, this browser, or nowhere', () => {
    localStorage.clear()
    const browser = createSession('https://relay.test', undefined, null, 'browser')
    browser.keep()
    browser.tokens.set('tok')
    browser.setConversationId('c1')
    expect(sessionStorage.getItem(KEY)).toBeNull()
    expect(JSON.parse(localStorage.getItem(KEY) ?? '')).toMatchObject({ conversationId: 'c1' })
    // A later visit (a new page, a restarted browser) goes on with it.
    expect(
      createSession('https://relay.test', undefined, null, 'browser').$session.get(),
    ).toMatchObject({
      token: 'tok',
      conversationId: 'c1',
    })
    browser.forget()
    expect(localStorage.getItem(KEY)).toBeNull()

    const none = createSession('https://relay.test', undefined, null, 'none')
    none.keep()
    none.tokens.set('tok')
    none.setConversationId('c2')
    expect(none.$session.get().conversationId).toBe('c2')
    expect(sessionStorage.length + localStorage.length).toBe(0)
  })

  it('writes nothing before the visitor interacts, then the whole session; a saved one goes on being saved', () => {
    const session = createSession('https://relay.test')
    session.tokens.set('tok')
    session.setConversationId('c1')
    expect(sessionStorage.length, 'a session minted on intent stays in memory').toBe(0)
    session.keep()
    expect(JSON.parse(sessionStorage.getItem(KEY) ?? '')).toEqual({
      token: 'tok',
      conversationId: 'c1',
      user: null,
    })
    const again = createSession('https://relay.test')
    again.tokens.set('tok2')
    expect(JSON.parse(sessionStorage.getItem(KEY) ?? '').token, 'a later page view').toBe('tok2')
  })
})
