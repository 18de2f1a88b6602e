// Accounting results of a county-year (docs/formats/api.md): the answer shapes of
// /api/v1/regions/{region}/statistics/years, /balance, /inventory, /indicators and
// /indicators/history, and the pure helpers the inventory, overview and public pages build
// their tables and charts from. The shapes are those `carbonpeak balance show --json`,
// `inventory compute --json` and `indicators show --json` print.

export interface BalanceFlows {
  production: number
  inflow: number
  outflow: number
  stock_change: number
  transformation_input: number
  transformation_output: number
  losses: number
  final_consumption: number
  supply: number
  consumption: number
  residual: number
}

export interface CarrierBalance {
  carrier: string
  unit: string
  physical: BalanceFlows
  tce_calorific: BalanceFlows
  tce_equivalent: BalanceFlows | null
  closes: boolean
}

export interface ResultNote {
  code: string
  message: string
}

export interface FactorUsed {
  key: string
  value: number
  unit: string
  origin: string
  file: string
  line: number
  citation: string
  reason: string
}

export interface EnergyBalance {
  region_code: string
  year: number
  factor_set_version: string
  total_calorific: BalanceFlows
  total_equivalent: BalanceFlows | null
  carriers: CarrierBalance[]
  final_by_sector: { sector: string; tce_calorific: number; tce_equivalent: number | null }[]
  missing_inputs: string[]
  notes: ResultNote[]
  factors: FactorUsed[]
  synthetic?: boolean
}

export interface InventoryLine {
  category: string
  subcategory: string
  sector: string
  item: string
  gas: string
  activity: number
  activity_unit: string
  emission_t: number
  co2e_t: number
  method: string
  formula: string
}

export interface Inventory {
  region_code: string
  year: number
  fuel_set: string
  factor_set_version: string
  gwp: string
  grid: { scope: string; region: string; caliber: string }
  totals: {
    co2_t: number
    ch4_t: number
    n2o_t: number
    gross_co2e_t: number
    forestry_co2e_t: number
    net_co2e_t: number
    energy_co2_t: number
    combustion_co2_t: number
    indirect_co2_t: number
  }
  by_category: { category: string; co2_t: number; ch4_t: number; n2o_t: number; co2e_t: number }[]
  lines: InventoryLine[]
  factors: FactorUsed[]
  uses_overrides: boolean
  notes: ResultNote[]
  synthetic?: boolean
}

export interface IndicatorValue {
  key: string
  value: number | null
  unit?: string
  origin?: string
  formula?: string
  note?: string
  missing?: string
  name_zh?: string
  name_en?: string
}

export interface IndicatorReport {
  region_code: string
  year: number
  synthetic: boolean
  notes: string[]
  indicators: IndicatorValue[]
  published_at?: string
  region_name?: string
}

export interface HistorySeries {
  key: string
  name_zh: string
  name_en: string
  unit: string
  points: { year: number; value: number | null }[]
}

export const kGases = ['CO2', 'CH4', 'N2O'] as const

/** True when any of the answers says its data are made up (demo data), for the SYNTHETIC banner. */
export function isSynthetic(...answers: ({ synthetic?: boolean; notes?: (ResultNote | string)[] } | null | undefined)[]): boolean {
  return answers.some(
    (a) => !!a && (a.synthetic === true || (a.notes ?? []).some((n) => (typeof n === 'string' ? /SYNTHETIC/.test(n) : n.code === 'synthetic_data'))),
  )
}

export interface InventoryRow {
  /** "sector:CODE" for fuel combustion by sector, else the category ("electricity_indirect",
   *  "agriculture" — not the agriculture sector's fuel use, which is "sector:agriculture"). */
  key: string
  category: string
  sector: string
  /** Emissions in tonnes of each gas, and in tCO2e (GWP of the inventory's set). */
  gas_t: Record<string, number>
  gas_co2e_t: Record<string, number>
  co2e_t: number
}

/** The inventory as sector × gas: fuel combustion by sector, the other categories as one row
 *  each, in the order they first appear; rows that sum to zero are left out. */
export function inventoryRows(inv: Inventory): InventoryRow[] {
  const rows = new Map<string, InventoryRow>()
  for (const l of inv.lines) {
    const bySector = l.category === 'fuel_combustion' && l.sector !== ''
    const key = bySector ? 'sector:' + l.sector : l.category
    let row = rows.get(key)
    if (!row) {
      row = { key, category: l.category, sector: bySector ? l.sector : '', gas_t: {}, gas_co2e_t: {}, co2e_t: 0 }
      rows.set(key, row)
    }
    row.gas_t[l.gas] = (row.gas_t[l.gas] ?? 0) + l.emission_t
    row.gas_co2e_t[l.gas] = (row.gas_co2e_t[l.gas] ?? 0) + l.co2e_t
    row.co2e_t += l.co2e_t
  }
  return [...rows.values()].filter((r) => r.co2e_t !== 0)
}

const gasColor: Record<string, string> = { CO2: '#37474f', CH4: '#e0a800', N2O: '#0b6e4f' }

/** Stacked bars of the inventory rows, one stack per gas in tCO2e → 万tCO2e. */
export function inventoryBarOption(rows: InventoryRow[], rowName: (r: InventoryRow) => string, unit: string): Record<string, unknown> {
  const sorted = [...rows].sort((a, b) => a.co2e_t - b.co2e_t)
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 10, right: 30, top: 10, bottom: 56, containLabel: true },
    xAxis: { type: 'value', name: unit, nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'category', data: sorted.map(rowName), axisLabel: { interval: 0, width: 160, overflow: 'truncate' } },
    series: kGases.map((g) => ({
      name: g,
      type: 'bar',
      stack: 'co2e',
      itemStyle: { color: gasColor[g] },
      data: sorted.map((r) => round((r.gas_co2e_t[g] ?? 0) / 1e4, 3)),
    })),
  }
}

export type Caliber = 'physical' | 'tce_calorific' | 'tce_equivalent'

/** The flows of the balance table, in the order of the NBS 地区能源平衡表. */
export const kBalanceFlows: (keyof BalanceFlows)[] = [
  'production',
  'inflow',
  'outflow',
  'stock_change',
  'supply',
  'transformation_input',
  'transformation_output',
  'losses',
  'final_consumption',
  'consumption',
  'residual',
]

export interface BalanceColumn {
  key: string
  unit: string
  flows: BalanceFlows | null
}

/** The columns of the balance table for a caliber: each carrier, then the total (in tce only;
 *  physical units do not add up). A carrier without an equivalent-caliber value has null flows. */
export function balanceColumns(b: EnergyBalance, caliber: Caliber): BalanceColumn[] {
  const cols: BalanceColumn[] = b.carriers.map((c) => ({
    key: c.carrier,
    unit: caliber === 'physical' ? c.unit : 'tce',
    flows: c[caliber],
  }))
  if (caliber === 'tce_calorific') cols.push({ key: 'total', unit: 'tce', flows: b.total_calorific })
  if (caliber === 'tce_equivalent') cols.push({ key: 'total', unit: 'tce', flows: b.total_equivalent })
  return cols
}

export interface SankeyNames {
  carrier: (code: string) => string
  sector: (code: string) => string
  production: string
  inflow: string
  stock_draw: string
  stock_build: string
  outflow: string
  transformation: string
  losses: string
  final_consumption: string
  residual: string
}

export interface SankeyData {
  nodes: { name: string }[]
  links: { source: string; target: string; value: number }[]
}

/** The energy flows of a balance in tce as Sankey nodes and links: sources (local production,
 *  inflow, stock draw) → carriers → uses (outflow, transformation, losses, final consumption
 *  → sectors), and a residual node when the balance does not close. The graph has no cycles
 *  (ECharts refuses them): a carrier that is both input and output of transformation gets a
 *  separate output node. Returns null when the caliber has no values. */
export function balanceSankey(b: EnergyBalance, caliber: 'tce_calorific' | 'tce_equivalent', n: SankeyNames): SankeyData | null {
  const links: SankeyData['links'] = []
  const add = (source: string, target: string, value: number) => {
    if (value > 1e-9) links.push({ source, target, value: round(value, 2) })
  }
  let any = false
  for (const c of b.carriers) {
    const f = c[caliber]
    if (!f) continue
    any = true
    const name = n.carrier(c.carrier)
    add(n.production, name, f.production)
    add(n.inflow, name, f.inflow)
    add(n.stock_draw, name, f.stock_change)
    add(name, n.stock_build, -f.stock_change)
    add(name, n.outflow, f.outflow)
    add(name, n.transformation, f.transformation_input)
    const out = f.transformation_input > 0 ? `${name} (${n.transformation})` : name
    add(n.transformation, out, f.transformation_output)
    if (out !== name) add(out, name, f.transformation_output)
    add(name, n.losses, f.losses)
    add(name, n.final_consumption, f.final_consumption)
    add(name, n.residual, f.residual)
    add(n.residual, name, -f.residual)
  }
  if (!any) return null
  for (const s of b.final_by_sector) {
    const v = caliber === 'tce_calorific' ? s.tce_calorific : s.tce_equivalent
    if (v !== null) add(n.final_consumption, n.sector(s.sector), v)
  }
  const names = new Set<string>()
  for (const l of links) {
    names.add(l.source)
    names.add(l.target)
  }
  return { nodes: [...names].map((name) => ({ name })), links }
}

export function sankeyOption(data: SankeyData | null, unit: string): Record<string, unknown> {
  return {
    tooltip: { trigger: 'item', valueFormatter: (v: number) => `${Math.round(v).toLocaleString('zh-CN')} ${unit}` },
    series: [
      {
        type: 'sankey',
        data: data?.nodes ?? [],
        links: data?.links ?? [],
        emphasis: { focus: 'adjacency' },
        nodeAlign: 'justify',
        layoutIterations: 32,
        lineStyle: { color: 'gradient', curveness: 0.5, opacity: 0.35 },
        label: { fontSize: 11 },
        left: 10,
        right: 150,
      },
    ],
  }
}

/** A target drawn on a trend chart: the value and the year it is for. */
export interface TrendTarget {
  year: number | null
  value: number
  label: string
}

/** A trend line over the data years, with the target as a dashed line where one exists. */
export function trendOption(s: HistorySeries, name: string, target: TrendTarget | null, targetName: string): Record<string, unknown> {
  const points = s.points.filter((p) => p.value !== null).sort((a, b) => a.year - b.year)
  const years = points.map((p) => p.year)
  if (target?.year && !years.includes(target.year) && target.year > (years[years.length - 1] ?? 0)) years.push(target.year)
  const byYear = new Map(points.map((p) => [p.year, p.value]))
  const series: Record<string, unknown>[] = [
    {
      name,
      type: 'line',
      data: years.map((y) => (byYear.has(y) ? round(byYear.get(y) as number, 4) : null)),
      itemStyle: { color: '#0b6e4f' },
      connectNulls: false,
    },
  ]
  if (target) {
    series.push({
      name: targetName,
      type: 'line',
      data: years.map(() => target.value),
      lineStyle: { type: 'dashed', color: '#c62828' },
      itemStyle: { color: '#c62828' },
      symbol: 'none',
      endLabel: { show: true, formatter: target.label, color: '#c62828' },
    })
  }
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 50, right: target ? 90 : 20, top: 28, bottom: 24 },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value', name: s.unit, scale: true },
    series,
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(v * f) / f
}

/** The years to offer, newest first, and the one to show: the newest with data. */
export function pickYear(years: number[], wanted?: number | null): number | null {
  if (years.length === 0) return null
  if (wanted && years.includes(wanted)) return wanted
  return Math.max(...years)
}

/** A server message split into its prose and the commands it names (lines that start with
 *  "carbonpeak "), so the page can show the commands as copyable code. */
export function splitCommands(message: string): { text: string; commands: string[] } {
  const text: string[] = []
  const commands: string[] = []
  for (const raw of message.split('\n')) {
    const line = raw.trim()
    const at = line.indexOf('carbonpeak ')
    if (at >= 0 && (at === 0 || /[:：]\s*$/.test(line.slice(0, at)))) {
      if (at > 0) text.push(line.slice(0, at).trim())
      commands.push(line.slice(at))
    } else if (line) text.push(line)
  }
  return { text: text.join('\n'), commands }
}

/** The statistics years from /statistics/years, whichever list form it takes
 *  ([2023, 2024], {"years": […]}, {"items": [{"year": …}]}), newest first. */
export function yearsFrom(answer: unknown): number[] {
  const a = answer as { years?: unknown[]; items?: unknown[] } | unknown[] | null
  const list = Array.isArray(a) ? a : (a?.years ?? a?.items ?? [])
  const years = list
    .map((x) => (typeof x === 'number' ? x : Number((x as { year?: unknown })?.year)))
    .filter((y) => Number.isInteger(y))
  return [...new Set(years)].sort((x, y) => y - x)
}

/** The published indicator reports of the public view, newest year first, whichever form
 *  the answer takes (one report, a list, or {"publications": […]} / {"items": […]}). Values
 *  that are missing are left out: the public sees only what was published. */
export function publicReports(answer: unknown): IndicatorReport[] {
  const a = answer as { publications?: unknown[]; items?: unknown[]; indicators?: unknown[] } | unknown[] | null
  if (!a) return []
  const list = (Array.isArray(a) ? a : a.indicators ? [a] : (a.publications ?? a.items ?? [])) as IndicatorReport[]
  return list
    .filter((r) => r && Array.isArray(r.indicators))
    .map((r) => ({ ...r, indicators: r.indicators.filter((v) => typeof v.value === 'number' && Number.isFinite(v.value)) }))
    .sort((x, y) => y.year - x.year)
}
