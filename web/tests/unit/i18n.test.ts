import { describe, expect, it } from 'vitest'
import { label, messages, setLang, t } from '../../src/i18n'

describe('i18n', () => {
  it('has every key in both languages, none empty', () => {
    const zh = Object.keys(messages.zh).sort()
    const en = Object.keys(messages.en).sort()
    expect(en).toEqual(zh)
    for (const lang of ['zh', 'en'] as const) {
      for (const [k, v] of Object.entries(messages[lang])) expect(v, `${lang}.${k}`).not.toBe('')
    }
  })
  it('switches language and labels API names', () => {
    setLang('zh')
    expect(t('nav_overview')).toBe('总览')
    expect(label('in_progress')).toBe('推进中')
    setLang('en')
    expect(t('nav_overview')).toBe('Overview')
    expect(label('at_risk')).toBe('At risk')
    expect(label('unknown_name')).toBe('unknown_name')
    setLang('zh')
  })
})
