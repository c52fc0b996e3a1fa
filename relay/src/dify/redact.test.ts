import { describe, expect, it } from 'vitest'
import { keyRedactor, REDACTED } from './redact.ts'

const KEY = 'app-NotARealKey-Redaction-01'
const BODY = KEY.slice(4)

describe('keyRedactor', () => {
  const redact = keyRedactor(KEY)

  it('redacts the key whole, with another prefix, without its prefix and in pieces of 12+', () => {
    expect(redact(`Invalid key ${KEY}.`)).toBe(`Invalid key ${REDACTED}.`)
    expect(redact(`token x${KEY} rejected`)).toBe(`token x${REDACTED} rejected`)
    expect(redact(`bearer ${BODY}`)).toBe(`bearer ${REDACTED}`)
    expect(redact(`…${BODY.slice(3, 15)}…`)).toBe(`…${REDACTED}…`)
    expect(redact(`${BODY.slice(0, 12)} and ${BODY.slice(10, 24)}`)).toBe(
      `${REDACTED} and ${REDACTED}`,
    )
  })

  it('leaves text alone when no piece reaches 12 characters', () => {
    const text = `Ask about ${BODY.slice(0, 11)} or ${BODY.slice(13, 24)}.`
    expect(redact(text)).toBe(text)
    expect(redact('')).toBe('')
  })

  it('holds back a tail the next chunk could complete into a piece', () => {
    expect(redact.holdback(`Your key is ${BODY.slice(0, 7)}`)).toBe(7)
    expect(redact.holdback('Done.')).toBe(0)
    expect(redact.holdback(`Shorter: ${BODY.slice(0, 3)}`)).toBe(0)
    const tail = `text ${BODY.slice(0, 11)}`
    const held = redact.holdback(tail)
    expect(held).toBe(11)
    expect(redact(tail.slice(tail.length - held) + BODY.slice(11, 14))).toBe(REDACTED)
    expect(redact.holdback(`text ${BODY.slice(0, 20)}`)).toBe(20)
  })
})
