// Number and target formatting for tables and cards.
import type { Target } from './api'

export function formatNumber(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  // + 0 turns a rounded -0 into 0 (a residual of -1e-9 reads "0", not "-0")
  const rounded = Math.round(v * 10 ** digits) / 10 ** digits + 0
  return rounded.toLocaleString('zh-CN', { maximumFractionDigits: digits })
}

/** "≥58%", "≈23%", "5～10万千瓦", "定性" … as a plan writes a target. */
export function formatTarget(t: Pick<Target, 'kind' | 'value' | 'value_high' | 'unit'>, qualitative = '定性', delegated = '待上级下达'): string {
  // A year (碳达峰 by 2030) is written without a thousands separator.
  const v = t.unit === '年' && t.value !== null ? String(t.value) : formatNumber(t.value)
  const unit = t.unit && t.unit !== '-' ? t.unit : ''
  switch (t.kind) {
    case 'point':
      return v + unit
    case 'at_least':
      return '≥' + v + unit
    case 'at_most':
      return '≤' + v + unit
    case 'about':
      return '≈' + v + unit
    case 'range':
      return v + '～' + formatNumber(t.value_high) + unit
    case 'qualitative':
      return qualitative
    case 'delegated':
      return t.value === null ? delegated : v + unit
    default:
      return v + unit
  }
}

/** CSS class of a warning name: red, yellow, green, or none (no data). */
export function warningClass(warning: string | undefined | null): string {
  switch (warning) {
    case 'red':
      return 'warn-red'
    case 'yellow':
      return 'warn-yellow'
    case 'green':
      return 'warn-green'
    default:
      return 'warn-none'
  }
}

/** "2025-03-01T08:00:00.000000Z" → "2025-03-01 08:00" (UTC as sent). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return ''
  return iso.replace('T', ' ').slice(0, 16)
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** The qualifier worth showing next to a target (力争, 确保 …); words the kind already says
 *  (左右, 以上 …) are left out so that "≈23%" does not read "左右≈23%". */
export function qualifierText(qualifier: string | null | undefined): string {
  const implied = ['左右', '以上', '以下', '以内', '不低于', '不高于', '达到', '提高到', '控制在']
  return qualifier && !implied.includes(qualifier) ? qualifier : ''
}
