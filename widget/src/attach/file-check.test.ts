import type { FileUploadFeature } from '@parley/shared'
import { describe, expect, it } from 'vitest'
import { acceptList, checkFile } from './file-check.ts'

const MB = 2 ** 20
const rules: FileUploadFeature = {
  enabled: true,
  types: ['image', 'document'],
  extensions: [],
  maxFiles: 3,
  maxBytes: { image: 10 * MB, document: 15 * MB },
}

describe('checking a file before it is uploaded', () => {
  it('gives the Dify type of a file the app takes', () => {
    expect(checkFile({ name: 'Boots.PNG', size: MB }, rules)).toEqual({ type: 'image' })
    expect(checkFile({ name: 'terms.pdf', size: MB }, rules)).toEqual({ type: 'document' })
  })

  it('refuses a kind the app does not take, and a file without an extension', () => {
    expect(checkFile({ name: 'setup.exe', size: 10 }, rules)).toEqual({ kind: 'type' })
    expect(checkFile({ name: 'README', size: 10 }, rules)).toEqual({ kind: 'type' })
  })

  it('refuses a file over its type’s limit, naming the limit', () => {
    expect(checkFile({ name: 'scan.png', size: 30 * MB }, rules)).toEqual({
      kind: 'size',
      maxMb: 10,
    })
    expect(checkFile({ name: 'scan.png', size: 10 * MB }, rules)).toEqual({ type: 'image' })
  })

  it('takes custom extensions the app lists, and any with none listed', () => {
    const custom = { ...rules, types: ['custom'], extensions: ['.step'] }
    expect(checkFile({ name: 'part.step', size: 1 }, custom)).toEqual({ type: 'custom' })
    expect(checkFile({ name: 'part.exe', size: 1 }, custom)).toEqual({ kind: 'type' })
    expect(checkFile({ name: 'any.bin', size: 1 }, { ...custom, extensions: [] })).toEqual({
      type: 'custom',
    })
  })

  it('lists what the picker accepts', () => {
    const accept = acceptList(rules).split(',')
    expect(accept).toContain('.png')
    expect(accept).toContain('.pdf')
    expect(accept).not.toContain('.mp4')
    expect(acceptList({ types: ['image', 'custom'], extensions: ['.step'] })).toMatch(/\.step$/)
    expect(acceptList({ types: ['custom'], extensions: [] })).toBe('')
  })
})
