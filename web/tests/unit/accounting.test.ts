import { describe, expect, it } from 'vitest'
import {
  balanceColumns,
  balanceSankey,
  inventoryRows,
  isSynthetic,
  pickYear,
  publicReports,
  splitCommands,
  trendOption,
  yearsFrom,
  type BalanceFlows,
  type EnergyBalance,
  type Inventory,
  type InventoryLine,
} from '../../src/accounting'
import { carrierName, parseCsv, sectorName } from '../../src/refnames'

function flows(p: Partial<BalanceFlows>): BalanceFlows {
  return {
    production: 0,
    inflow: 0,
    outflow: 0,
    stock_change: 0,
    transformation_input: 0,
    transformation_output: 0,
    losses: 0,
    final_consumption: 0,
    supply: 0,
    consumption: 0,
    residual: 0,
    ...p,
  }
}

function line(category: string, sector: string, gas: string, emission_t: number, co2e_t: number): InventoryLine {
  return { category, subcategory: '', sector, item: '', gas, activity: 0, activity_unit: '', emission_t, co2e_t, method: '', formula: '' }
}

// Shaped like `carbonpeak inventory compute --json`.
const inventory = {
  region_code: '430703',
  year: 2024,
  gwp: 'AR5',
  lines: [
    line('fuel_combustion', 'transport', 'CO2', 100, 100),
    line('fuel_combustion', 'ind_nonmetallic', 'CO2', 300, 300),
    line('fuel_combustion', 'transport', 'CO2', 50, 50),
    line('agriculture', '', 'CH4', 10, 280),
    line('agriculture', '', 'N2O', 1, 265),
    line('fuel_combustion', 'agriculture', 'CO2', 7, 7),
    line('waste', '', 'CH4', 0, 0),
  ],
} as unknown as Inventory

describe('inventoryRows', () => {
  it('groups fuel combustion by sector and other categories by category, summing gases', () => {
    const rows = inventoryRows(inventory)
    expect(rows.map((r) => r.key)).toEqual(['sector:transport', 'sector:ind_nonmetallic', 'agriculture', 'sector:agriculture'])
    expect(rows[0].gas_t.CO2).toBe(150)
    expect(rows[2].gas_t).toEqual({ CH4: 10, N2O: 1 })
    expect(rows[2].co2e_t).toBe(545)
    // the agriculture sector's fuel use is not mixed into the agriculture category
    expect(rows[3]).toMatchObject({ sector: 'agriculture', co2e_t: 7, gas_t: { CO2: 7 } })
    expect(rows.reduce((s, r) => s + r.co2e_t, 0)).toBe(1002)
  })
})

// Shaped like `carbonpeak balance show --json`: coal into power, power to final use.
const balance = {
  region_code: '430703',
  year: 2024,
  total_calorific: flows({ supply: 1000 }),
  total_equivalent: null,
  carriers: [
    {
      carrier: 'raw_coal',
      unit: 't',
      physical: flows({ inflow: 1400 }),
      tce_calorific: flows({ inflow: 1000, stock_change: -50, transformation_input: 600, final_consumption: 340, residual: 10 }),
      tce_equivalent: null,
      closes: false,
    },
    {
      carrier: 'electricity',
      unit: '万kWh',
      physical: flows({}),
      tce_calorific: flows({ production: 20, transformation_output: 250, losses: 20, final_consumption: 250 }),
      tce_equivalent: null,
      closes: true,
    },
  ],
  final_by_sector: [
    { sector: 'transport', tce_calorific: 90, tce_equivalent: null },
    { sector: 'residential', tce_calorific: 500, tce_equivalent: null },
  ],
  missing_inputs: [],
  notes: [{ code: 'synthetic_data', message: 'SYNTHETIC' }],
  factors: [],
} as unknown as EnergyBalance

const names = {
  carrier: (c: string) => c,
  sector: (s: string) => 's:' + s,
  production: 'production',
  inflow: 'inflow',
  stock_draw: 'draw',
  stock_build: 'build',
  outflow: 'outflow',
  transformation: 'transformation',
  losses: 'losses',
  final_consumption: 'final',
  residual: 'residual',
}

describe('balance', () => {
  it('lays the table out by carrier with a tce total and no physical total', () => {
    expect(balanceColumns(balance, 'physical').map((c) => c.key)).toEqual(['raw_coal', 'electricity'])
    expect(balanceColumns(balance, 'physical')[1].unit).toBe('万kWh')
    const tce = balanceColumns(balance, 'tce_calorific')
    expect(tce.map((c) => c.key)).toEqual(['raw_coal', 'electricity', 'total'])
    expect(tce[2].flows?.supply).toBe(1000)
    expect(balanceColumns(balance, 'tce_equivalent').every((c) => c.flows === null)).toBe(true)
  })
  it('turns the flows into an acyclic Sankey that conserves the values', () => {
    const s = balanceSankey(balance, 'tce_calorific', names)!
    const link = (a: string, b: string) => s.links.find((l) => l.source === a && l.target === b)?.value
    expect(link('inflow', 'raw_coal')).toBe(1000)
    expect(link('raw_coal', 'build')).toBe(50)
    expect(link('raw_coal', 'transformation')).toBe(600)
    expect(link('transformation', 'electricity')).toBe(250)
    expect(link('production', 'electricity')).toBe(20)
    expect(link('raw_coal', 'residual')).toBe(10)
    expect(link('final', 's:residential')).toBe(500)
    expect(s.links.every((l) => l.value > 0)).toBe(true)
    expect(new Set(s.nodes.map((n) => n.name)).size).toBe(s.nodes.length)
    // no cycles: a topological order exists
    const indeg = new Map(s.nodes.map((n) => [n.name, 0]))
    for (const l of s.links) indeg.set(l.target, (indeg.get(l.target) ?? 0) + 1)
    const queue = [...indeg].filter(([, d]) => d === 0).map(([n]) => n)
    let seen = 0
    while (queue.length) {
      const n = queue.shift()!
      seen++
      for (const l of s.links.filter((x) => x.source === n)) {
        indeg.set(l.target, indeg.get(l.target)! - 1)
        if (indeg.get(l.target) === 0) queue.push(l.target)
      }
    }
    expect(seen).toBe(s.nodes.length)
    expect(balanceSankey(balance, 'tce_equivalent', names)).toBeNull()
  })
  it('gives a carrier that is input and output of transformation its own output node', () => {
    const b = structuredClone(balance)
    b.carriers[1].tce_calorific.transformation_input = 5
    const s = balanceSankey(b, 'tce_calorific', names)!
    expect(s.links.some((l) => l.source === 'transformation' && l.target === 'electricity (transformation)')).toBe(true)
    expect(s.links.some((l) => l.source === 'transformation' && l.target === 'electricity')).toBe(false)
  })
})

describe('answers', () => {
  it('notices synthetic data by flag or note', () => {
    expect(isSynthetic(balance)).toBe(true)
    expect(isSynthetic({ synthetic: false, notes: [] }, null)).toBe(false)
    expect(isSynthetic({ notes: ['SYNTHETIC demo data: …'] })).toBe(true)
  })
  it('reads statistics years in any list form, newest first', () => {
    expect(yearsFrom([2022, 2024, 2023])).toEqual([2024, 2023, 2022])
    expect(yearsFrom({ years: [2020, 2020, 2021] })).toEqual([2021, 2020])
    expect(yearsFrom({ items: [{ year: 2019 }, { year: 'x' }] })).toEqual([2019])
    expect(yearsFrom(null)).toEqual([])
    expect(pickYear([2024, 2023], 2023)).toBe(2023)
    expect(pickYear([2022, 2024], 2030)).toBe(2024)
    expect(pickYear([])).toBeNull()
  })
  it('separates the command from a 412 message', () => {
    const m = "no NCV for 'lpg' in 2024\nsupply it with:\ncarbonpeak factor set --region 430703 --key ncv/lpg --value 50.2"
    const r = splitCommands(m)
    expect(r.commands).toEqual(['carbonpeak factor set --region 430703 --key ncv/lpg --value 50.2'])
    expect(r.text).toBe("no NCV for 'lpg' in 2024\nsupply it with:")
    expect(splitCommands('run: carbonpeak data import x.csv').commands).toEqual(['carbonpeak data import x.csv'])
    expect(splitCommands('the carbonpeak factor table is empty').commands).toEqual([])
  })
  it('keeps only published values in the public view, newest year first', () => {
    const one = { region_code: '430703', year: 2023, synthetic: false, notes: [], indicators: [{ key: 'a', value: 1 }, { key: 'b', value: null }] }
    expect(publicReports(one)[0].indicators.map((v) => v.key)).toEqual(['a'])
    const many = publicReports({ publications: [one, { ...one, year: 2024 }] })
    expect(many.map((r) => r.year)).toEqual([2024, 2023])
    expect(publicReports(null)).toEqual([])
  })
})

describe('trendOption', () => {
  it('draws the data years and a dashed target line reaching the target year', () => {
    const s = { key: 'non_fossil_share', name_zh: '非化石能源占比', name_en: '', unit: '%', points: [{ year: 2021, value: 12 }, { year: 2020, value: 11 }, { year: 2022, value: null }] }
    const o = trendOption(s, 'x', { year: 2025, value: 22, label: '2025 ≥22%' }, 'target') as {
      xAxis: { data: string[] }
      series: { data: (number | null)[] }[]
    }
    expect(o.xAxis.data).toEqual(['2020', '2021', '2025'])
    expect(o.series[0].data).toEqual([11, 12, null])
    expect(o.series[1].data).toEqual([22, 22, 22])
    expect((trendOption(s, 'x', null, 't') as { series: unknown[] }).series).toHaveLength(1)
  })
})

describe('reference names', () => {
  it('parses quoted CSV fields', () => {
    expect(parseCsv('code,name\na,"x, ""y"""\r\nb,z\n')).toEqual([
      { code: 'a', name: 'x, "y"' },
      { code: 'b', name: 'z' },
    ])
  })
  it('names sectors and carriers from the shipped tables, unknown codes as given', () => {
    expect(sectorName('ind_nonmetallic', 'zh')).toBe('非金属矿物制品业')
    expect(sectorName('transport', 'en')).toBe('transport, storage and post')
    expect(carrierName('raw_coal', 'zh')).toBe('原煤')
    expect(sectorName('residential_urban', 'zh')).toBe('居民生活·城镇')
    expect(sectorName('residential_urban', 'en')).toBe('urban households')
    expect(carrierName('no_such', 'en')).toBe('no_such')
  })
})
