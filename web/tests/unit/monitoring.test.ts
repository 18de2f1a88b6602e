import { describe, expect, it } from 'vitest'
import {
  isComplete,
  lastAlertId,
  localTime,
  meterCode,
  mergeAlerts,
  metricValue,
  seriesChartOption,
  severityClass,
  topChartOption,
  type MonitorAlert,
  type Series,
  type Top,
} from '../../src/monitoring'
import { pickTrendTarget } from '../../src/trends'

const alert = (id: number, acknowledged = false) => ({ id, kind: 'gap', severity: 'warning', acknowledged }) as MonitorAlert

// Shaped like GET /api/v1/monitor/series (docs/formats/api.md).
const series: Series = {
  level: 'county',
  code: '430703',
  name: '鼎城区',
  granularity: 'hour',
  from: '2024-03-26T16:00:00.000000Z',
  to: '2024-03-27T16:00:00.000000Z',
  unit: null,
  points: [
    { start: '2024-03-26T16:00:00.000000Z', count: 4, tce_calorific: 1.5, tce_equivalent: null, co2: 3.2 },
    { start: '2024-03-26T17:00:00.000000Z', count: 4, tce_calorific: 2, tce_equivalent: 4, co2: 4.1, complete: { tce_calorific: false, tce_equivalent: true, co2: true } },
  ],
  total: { count: 8, tce_calorific: 3.5, tce_equivalent: null, co2: 7.3 },
}

describe('monitoring helpers', () => {
  it('shows UTC times in local time (UTC+8)', () => {
    expect(localTime('2024-03-26T16:00:00.000000Z')).toBe('2024-03-27 00:00')
    expect(localTime('2024-03-27T00:15:00.000000Z', false)).toBe('08:15')
    expect(localTime('')).toBe('')
    expect(localTime('garbage')).toBe('garbage')
  })
  it('reads metrics, null when not converted, and completeness', () => {
    expect(metricValue(series.points[0], 'tce_equivalent')).toBeNull()
    expect(metricValue(series.points[1], 'co2')).toBe(4.1)
    expect(isComplete(series.points[1], 'tce_calorific')).toBe(false)
    expect(isComplete(series.points[0], 'tce_calorific')).toBe(true)
  })
  it('builds a line chart with local-time categories, one axis per metric', () => {
    const o = seriesChartOption(series, [
      { metric: 'tce_calorific', name: 'tce', color: '#000' },
      { metric: 'co2', name: 'co2', color: '#111' },
    ]) as { xAxis: { data: string[] }; series: { data: (number | null)[]; yAxisIndex: number }[] }
    expect(o.xAxis.data).toEqual(['00:00', '01:00'])
    expect(o.series[0].data).toEqual([1.5, 2])
    expect(o.series[1].yAxisIndex).toBe(1)
    const empty = seriesChartOption(null, [{ metric: 'co2', name: 'c', color: '#000' }]) as { xAxis: { data: string[] } }
    expect(empty.xAxis.data).toEqual([])
  })
  it('orders top enterprises with the largest on top of the bar chart', () => {
    const top = { items: [
      { rank: 1, credit_code: 'a', name: '甲水泥', count: 1, tce_calorific: 9, tce_equivalent: null, co2: 20 },
      { rank: 2, credit_code: 'b', name: '乙', count: 1, tce_calorific: 5, tce_equivalent: null, co2: 30 },
    ] } as Top
    const o = topChartOption(top, 'co2', 'co2') as { yAxis: { data: string[] }; series: { data: number[] }[] }
    expect(o.yAxis.data).toEqual(['乙', '甲水泥'])
    expect(o.series[0].data).toEqual([30, 20])
  })
  it('merges polled alerts newest first without duplicates, keeping the latest state', () => {
    const merged = mergeAlerts([alert(3), alert(1)], [alert(4), alert(3, true)])
    expect(merged.map((a) => a.id)).toEqual([4, 3, 1])
    expect(merged[1].acknowledged).toBe(true)
    expect(lastAlertId(merged)).toBe(4)
    expect(lastAlertId([])).toBe(0)
    expect(mergeAlerts([alert(1), alert(2)], [alert(3)], 2).map((a) => a.id)).toEqual([3, 2])
  })
  it('colours severities and spells meter codes', () => {
    expect(severityClass('critical')).toBe('warn-red')
    expect(severityClass('warning')).toBe('warn-yellow')
    expect(severityClass('info')).toBe('warn-none')
    expect(meterCode('91430703MA4L0F2K3E', 'E01')).toBe('91430703MA4L0F2K3E/E01')
  })
})

describe('pickTrendTarget', () => {
  const s = { key: 'non_fossil_share', name_zh: '', name_en: '', unit: '%', points: [{ year: 2024, value: 14.6 }] }
  const target = (year: number, value: number | null, kind = 'at_least', unit = '%', indicator = 'non_fossil_share') => ({
    target: { indicator, year, value, kind, unit, value_high: null } as never,
  })
  it('takes the first target due at or after the last data year, in the same unit', () => {
    const got = pickTrendTarget(s, [target(2030, 25), target(2025, 22), target(2020, 10), target(2025, 30, 'at_least', '万吨')])
    expect(got).toEqual({ year: 2025, value: 22, label: '2025 ≥22%' })
  })
  it('falls back to the last target and ignores other indicators and qualitative ones', () => {
    expect(pickTrendTarget(s, [target(2020, 10)])?.year).toBe(2020)
    expect(pickTrendTarget(s, [target(2025, null, 'qualitative'), target(2025, 5, 'at_most', '%', 'coal_share')])).toBeNull()
  })
})
