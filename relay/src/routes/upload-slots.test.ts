import { describe, expect, it } from 'vitest'
import { createUploadSlots } from './upload-slots.ts'

describe('createUploadSlots', () => {
  it('gives each visitor its own slots and takes them back once', () => {
    const slots = createUploadSlots(2)
    const first = slots.take('a')
    const second = slots.take('a')
    expect(first).not.toBeNull()
    expect(second).not.toBeNull()
    expect(slots.take('a')).toBeNull()
    expect(slots.take('b')).not.toBeNull()
    first?.()
    first?.()
    const third = slots.take('a')
    expect(third).not.toBeNull()
    expect(slots.take('a')).toBeNull()
  })
})
