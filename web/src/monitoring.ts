// Online energy monitoring (docs/formats/api.md, "Online energy monitoring"): the answer shapes
// of /api/v1/monitor/* and the pure helpers the monitoring page builds its charts and lists
// from. Times arrive in UTC; days and months are those of local time (UTC+8), so the page
// shows local time.

export interface Complete {
  tce_calorific: boolean
  tce_equivalent: boolean
  co2: boolean
}

export interface RollupValue {
  count: number
  flagged?: number
  tce_calorific: number
  tce_equivalent: number | null
  co2: number
  complete?: Complete
  quantity?: number
}

export interface SeriesPoint extends RollupValue {
  start: string
}

export interface Series {
  level: string
  code: string
  name: string
  granularity: string
  from: string
  to: string
  unit: string | null
  points: SeriesPoint[]
  total: RollupValue
}

export interface TopItem extends RollupValue {
  rank: number
  credit_code: string
  name: string
}

export interface Top {
  by: string
  granularity: string
  from: string
  to: string
  items: TopItem[]
}

export interface NowSummary {
  county: string
  name: string
  month_start: string
  as_of: string
  month: RollupValue
  today: RollupValue
  enterprises: number
  meters: number
  readings: number
  unacknowledged_alerts: number
  synthetic: boolean
}

export interface Enterprise {
  credit_code: string
  name: string
  industry_code: string
  industry_division?: string
  township_code: string
  county_code: string
  key_unit: boolean
  annual_energy_budget_tce: number | null
  annual_carbon_budget_tco2: number | null
  meters?: number
  synthetic?: boolean
}

export interface Meter {
  enterprise: string
  code: string
  name: string
  carrier: string
  unit: string
  multiplier: number
  kind: string
  interval: string
  register_max?: number
}

export interface MonitorAlert {
  id: number
  kind: string
  severity: 'info' | 'warning' | 'critical' | string
  enterprise: string
  enterprise_name: string
  meter: string
  period_start: string
  period_end: string
  raised_at: string
  message: string
  observed: number | null
  expected: number | null
  acknowledged: boolean
  acknowledged_by: string | null
  acknowledged_at: string | null
}

export type Metric = 'tce_calorific' | 'tce_equivalent' | 'co2'

/** Local time is UTC+8 (the API's days and months are those of China Standard Time). */
const kLocalOffsetMs = 8 * 3600 * 1000

/** "2024-03-27T00:15:00.000000Z" → "2024-03-27 08:15" in local time (UTC+8). */
export function localTime(iso: string | null | undefined, withDate = true): string {
  if (!iso) return ''
  const ms = Date.parse(iso.replace(/\.(\d{3})\d*Z$/, '.$1Z'))
  if (!Number.isFinite(ms)) return iso
  const s = new Date(ms + kLocalOffsetMs).toISOString()
  return withDate ? s.slice(0, 10) + ' ' + s.slice(11, 16) : s.slice(11, 16)
}

/** The value of a metric, null when the server could not convert (tce_equivalent without 发电煤耗). */
export function metricValue(v: RollupValue | null | undefined, metric: Metric): number | null {
  if (!v) return null
  const x = v[metric]
  return typeof x === 'number' && Number.isFinite(x) ? x : null
}

/** True when every reading of the value had its factor (otherwise the value is a lower bound). */
export function isComplete(v: RollupValue | null | undefined, metric: Metric): boolean {
  return !v?.complete || v.complete[metric] !== false
}

/** ECharts option for a live line chart of one or two metrics of a series (x: local time). */
export function seriesChartOption(
  series: Series | null,
  metrics: { metric: Metric; name: string; color: string }[],
): Record<string, unknown> {
  const points = series?.points ?? []
  const withDate = points.length > 0 && localTime(points[0].start).slice(0, 10) !== localTime(points[points.length - 1].start).slice(0, 10)
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 60, right: 60, top: 40, bottom: 50 },
    xAxis: { type: 'category', boundaryGap: false, data: points.map((p) => localTime(p.start, withDate)) },
    yAxis: metrics.map((m, i) => ({ type: 'value', name: m.name, position: i === 0 ? 'left' : 'right', splitLine: { show: i === 0 } })),
    series: metrics.map((m, i) => ({
      name: m.name,
      type: 'line',
      yAxisIndex: i,
      showSymbol: points.length < 60,
      itemStyle: { color: m.color },
      data: points.map((p) => metricValue(p, m.metric)),
    })),
  }
}

/** ECharts option for a horizontal bar chart of the top-N enterprises (largest on top). */
export function topChartOption(top: Top | null, metric: Metric, name: string): Record<string, unknown> {
  const items = [...(top?.items ?? [])].sort((a, b) => a.rank - b.rank).reverse()
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 10, right: 30, top: 10, bottom: 20, containLabel: true },
    xAxis: { type: 'value', name },
    yAxis: { type: 'category', data: items.map((i) => shorten(i.name, 14)), axisLabel: { interval: 0 } },
    series: [{ type: 'bar', name, itemStyle: { color: '#0b6e4f' }, data: items.map((i) => metricValue(i, metric)) }],
  }
}

function shorten(s: string, n: number): string {
  return [...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s
}

/** New alerts (from polling with after_id) merged into the list: newest first, each id once. */
export function mergeAlerts(current: MonitorAlert[], incoming: MonitorAlert[], limit = 100): MonitorAlert[] {
  const byId = new Map<number, MonitorAlert>()
  for (const a of current) byId.set(a.id, a)
  for (const a of incoming) byId.set(a.id, a)
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, limit)
}

/** The highest alert id in a list (0 when empty), the after_id of the next poll. */
export function lastAlertId(alerts: MonitorAlert[]): number {
  return alerts.reduce((m, a) => Math.max(m, a.id), 0)
}

/** CSS class of an alert severity, in the dashboard's warning colours. */
export function severityClass(severity: string): string {
  switch (severity) {
    case 'critical':
      return 'warn-red'
    case 'warning':
      return 'warn-yellow'
    default:
      return 'warn-none'
  }
}

/** A meter's series code as the API wants it: "CREDITCODE/METER". */
export function meterCode(enterprise: string, meter: string): string {
  return `${enterprise}/${meter}`
}
