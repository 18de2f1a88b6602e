// The overview's trend charts: which indicators they show and which target of the plan, if
// any, is drawn on each.
import type { HistorySeries, TrendTarget } from './accounting'
import type { TargetStatus } from './api'
import { formatTarget } from './format'

/** Energy intensity, CO2 intensity, non-fossil share, total energy and CO2 (indicator keys). */
export const kTrendKeys = ['energy_intensity', 'co2_intensity', 'non_fossil_share', 'energy_consumption_total', 'co2_emissions_total']

/** The target drawn on a series: one of the plan's targets for the same indicator, with a
 *  number and the series' unit, the first due at or after the last data year (else the last
 *  one). Reduction targets (下降率) are other indicators and are not drawn here. */
export function pickTrendTarget(s: HistorySeries, statuses: Pick<TargetStatus, 'target'>[]): TrendTarget | null {
  const lastYear = Math.max(0, ...s.points.filter((p) => p.value !== null).map((p) => p.year))
  const candidates = statuses
    .map((x) => x.target)
    .filter(
      (tg) =>
        tg.indicator === s.key &&
        tg.value !== null &&
        ['point', 'at_most', 'at_least', 'about'].includes(tg.kind) &&
        tg.unit === s.unit,
    )
    .sort((a, b) => (a.year ?? 0) - (b.year ?? 0))
  const tg = candidates.find((c) => (c.year ?? 0) >= lastYear) ?? candidates[candidates.length - 1]
  if (!tg || tg.value === null) return null
  return { year: tg.year, value: tg.value, label: `${tg.year ?? ''} ${formatTarget(tg)}`.trim() }
}
