import { describe, expect, it } from 'vitest'
import { headingLevels } from './headings.ts'

describe('headingLevels', () => {
  it('starts at h3 whatever level the model starts at', () => {
    expect(headingLevels([1])).toEqual([3])
    expect(headingLevels([4])).toEqual([3])
  })

  it('never skips a level going deeper', () => {
    expect(headingLevels([1, 3, 6])).toEqual([3, 4, 5])
  })

  it('returns to the level of a heading written at the same level', () => {
    expect(headingLevels([2, 3, 3, 2, 4])).toEqual([3, 4, 4, 3, 4])
  })

  it('puts a heading shallower than all before it at the top', () => {
    expect(headingLevels([3, 4, 1, 2])).toEqual([3, 4, 3, 4])
  })

  it('stops at h6', () => {
    expect(headingLevels([1, 2, 3, 4, 5, 6])).toEqual([3, 4, 5, 6, 6, 6])
  })
})
