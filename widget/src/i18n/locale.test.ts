import { describe, expect, it } from 'vitest'
import { en } from './en.ts'
import { isRtl, pickLang, stringsFor } from './locale.ts'

describe('i18n', () => {
  it('prefers data-lang, then the page, then the browser', () => {
    expect(pickLang('fr', 'de', 'es-ES')).toBe('fr')
    expect(pickLang(null, 'de-AT', 'es-ES')).toBe('de')
    expect(pickLang(null, '', 'es-ES')).toBe('es')
  })

  it('falls back to English for unsupported languages', () => {
    expect(pickLang('xx', 'tlh', 'ko-KR')).toBeUndefined()
    expect(stringsFor('ko')).toBe(en)
  })

  it('has every key in every language', () => {
    for (const lang of ['en', 'de', 'fr', 'es', 'pt', 'zh', 'ja', 'ar']) {
      const table = stringsFor(lang)
      expect(Object.keys(table).sort()).toEqual(Object.keys(en).sort())
      for (const value of Object.values(table)) expect(value).not.toBe('')
    }
    expect(stringsFor('pt-BR').send).toBe('Enviar')
  })

  it('knows Arabic is right-to-left', () => {
    expect(isRtl('ar')).toBe(true)
    expect(isRtl('ar-EG')).toBe(true)
    expect(isRtl('ja')).toBe(false)
  })
})
