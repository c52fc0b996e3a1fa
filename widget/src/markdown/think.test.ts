import { describe, expect, it } from 'vitest'
import { splitThink } from './think.ts'

describe('splitThink', () => {
  it('leaves an answer without thinking alone', () => {
    expect(splitThink('Hello *there*')).toEqual({
      think: null,
      closed: true,
      answer: 'Hello *there*',
    })
  })

  it('splits closed thinking from the answer', () => {
    expect(splitThink('<think>\nWeigh it.\n</think>\n\nAnswer.')).toEqual({
      think: '\nWeigh it.\n',
      closed: true,
      answer: '\n\nAnswer.',
    })
  })

  it('takes everything as thinking while the close tag has not arrived', () => {
    expect(splitThink('<think>still going', true)).toEqual({
      think: 'still going',
      closed: false,
      answer: '',
    })
  })

  it('finds the tag after leading whitespace', () => {
    expect(splitThink('\n  \n<think>a</think>b').think).toBe('a')
  })

  it('holds back a tag cut in half while streaming', () => {
    expect(splitThink('<thi', true).answer).toBe('')
    expect(splitThink('  <', true).answer).toBe('')
    expect(splitThink('<think>almost</thi', true).think).toBe('almost')
  })

  it('shows a half tag once the answer is finished', () => {
    expect(splitThink('<thi').answer).toBe('<thi')
    expect(splitThink('<think>a </thi').think).toBe('a </thi')
  })

  it('ignores a think tag that does not open the answer', () => {
    expect(splitThink('Text <think>x</think>')).toEqual({
      think: null,
      closed: true,
      answer: 'Text <think>x</think>',
    })
  })
})
