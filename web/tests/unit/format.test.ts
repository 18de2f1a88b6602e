import { describe, expect, it } from 'vitest'
import { formatBytes, formatNumber, formatTarget, formatTime, qualifierText, warningClass } from '../../src/format'

describe('formatTarget', () => {
  const base = { value: 23, value_high: null, unit: '%' }
  it('writes each kind the way a plan does', () => {
    expect(formatTarget({ ...base, kind: 'point' })).toBe('23%')
    expect(formatTarget({ ...base, kind: 'at_least' })).toBe('≥23%')
    expect(formatTarget({ ...base, kind: 'at_most' })).toBe('≤23%')
    expect(formatTarget({ ...base, kind: 'about' })).toBe('≈23%')
    expect(formatTarget({ kind: 'range', value: 5, value_high: 10, unit: '万千瓦' })).toBe('5～10万千瓦')
    expect(formatTarget({ kind: 'qualitative', value: null, value_high: null, unit: '-' })).toBe('定性')
    expect(formatTarget({ kind: 'delegated', value: null, value_high: null, unit: '%' }, 'q', 'city')).toBe('city')
    expect(formatTarget({ kind: 'delegated', value: 14, value_high: null, unit: '%' })).toBe('14%')
    expect(formatTarget({ kind: 'at_most', value: 2030, value_high: null, unit: '年' })).toBe('≤2030年')
  })
})

describe('numbers and times', () => {
  it('rounds and marks missing values', () => {
    expect(formatNumber(1234.5678)).toBe('1,234.57')
    expect(formatNumber(null)).toBe('—')
    expect(formatNumber(-0.0000001, 1)).toBe('0')
    expect(formatNumber(Number.NaN)).toBe('—')
    expect(formatTime('2025-03-01T08:05:00.000000Z')).toBe('2025-03-01 08:05')
    expect(formatBytes(2048)).toBe('2.0 KB')
  })
  it('maps warnings to colours, unknown to grey', () => {
    expect(warningClass('red')).toBe('warn-red')
    expect(warningClass('yellow')).toBe('warn-yellow')
    expect(warningClass('green')).toBe('warn-green')
    expect(warningClass('no_data')).toBe('warn-none')
  })
})

describe('qualifierText', () => {
  it('keeps 力争 and drops words the kind already says', () => {
    expect(qualifierText('力争')).toBe('力争')
    expect(qualifierText('左右')).toBe('')
    expect(qualifierText('')).toBe('')
  })
})
