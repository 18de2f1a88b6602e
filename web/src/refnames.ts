// Names of sector and energy-carrier codes, read at build time from the shipped reference
// tables (data/sectors.csv, data/energy_carriers.csv), so the dashboard and the server agree
// on them without a copy.
import carriersCsv from '../../data/energy_carriers.csv?raw'
import sectorsCsv from '../../data/sectors.csv?raw'
import type { Lang } from './i18n'

/** Rows of a CSV text with a header line; fields may be double-quoted ("a, b", "say ""x"""). */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      field = ''
      if (row.some((f) => f !== '')) rows.push(row)
      row = []
    } else field += c
  }
  row.push(field)
  if (row.some((f) => f !== '')) rows.push(row)
  const [header, ...body] = rows
  if (!header) return []
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])))
}

export interface CodeName {
  name_zh: string
  name_en: string
  unit?: string
  kind?: string
  parent?: string
}

function table(csv: string): Map<string, CodeName> {
  return new Map(parseCsv(csv).map((r) => [r.code, { name_zh: r.name_zh, name_en: r.name_en, unit: r.unit, kind: r.kind, parent: r.parent }]))
}

export const sectors = table(sectorsCsv)
export const carriers = table(carriersCsv)

function pick(entry: CodeName | undefined, code: string, lang: Lang): string {
  if (!entry) return code
  return lang === 'en' ? entry.name_en || entry.name_zh : entry.name_zh || entry.name_en
}

/** "ind_nonmetallic" → 非金属矿物制品业 / non-metallic mineral products (…); unknown codes as given. */
export function sectorName(code: string, lang: Lang): string {
  const entry = sectors.get(code)
  // 城镇 and 乡村 read as 居民生活·城镇: short Chinese names of sub-sectors carry their parent's
  const parent = entry?.parent ? sectors.get(entry.parent) : undefined
  if (lang === 'zh' && entry && parent && [...entry.name_zh].length <= 2) return `${parent.name_zh}·${entry.name_zh}`
  return pick(entry, code, lang)
}

/** "raw_coal" → 原煤 / raw coal; unknown codes as given. */
export function carrierName(code: string, lang: Lang): string {
  return pick(carriers.get(code), code, lang)
}
