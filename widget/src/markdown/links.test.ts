import { describe, expect, it } from 'vitest'
import { imageSrc, safeHref } from './links.ts'

describe('safeHref', () => {
  it('allows http, https and mailto', () => {
    expect(safeHref(' https://a.example/x ')).toBe('https://a.example/x')
    expect(safeHref('HTTP://a.example')).toBe('HTTP://a.example')
    expect(safeHref('mailto:a@b.example')).toBe('mailto:a@b.example')
  })

  it('refuses every other scheme and relative URLs', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:x',
      'data:text/html,x',
      'vbscript:x',
      '/x',
      '//evil.example',
      'ftp://x',
    ]) {
      expect(safeHref(url)).toBeNull()
    }
  })
})

describe('imageSrc', () => {
  const origins = ['https://files.example.com', 'http://localhost:5001']

  it('allows an image from a listed origin', () => {
    expect(imageSrc('https://files.example.com/a.png?x=1', origins)).toBe(
      'https://files.example.com/a.png?x=1',
    )
    expect(imageSrc('http://localhost:5001/img', origins)).toBe('http://localhost:5001/img')
  })

  it('refuses other origins, look-alikes and other schemes', () => {
    for (const url of [
      'https://evil.example/a.png',
      'https://files.example.com.evil.example/a.png',
      'http://files.example.com/a.png',
      'https://localhost:5001/img',
      'data:image/png;base64,AAAA',
      '/files/a.png',
    ]) {
      expect(imageSrc(url, origins)).toBeNull()
    }
  })

  it('refuses everything without origins', () => {
    expect(imageSrc('https://files.example.com/a.png', [])).toBeNull()
  })
})
