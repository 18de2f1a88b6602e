// The only place that talks to the server: JSON over /api/v1 with the session cookie, and the
// CSRF token on every state-changing request (docs/formats/api.md).

export interface ApiErrorBody {
  code: string
  message: string
  field?: string
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public field?: string,
  ) {
    super(message)
  }
}

let csrfToken = ''

export function setCsrfToken(token: string): void {
  csrfToken = token
}

export type Fetcher = (input: string, init?: RequestInit) => Promise<Response>

let fetcher: Fetcher = (input, init) => fetch(input, init)

/** Tests replace the network. */
export function setFetcher(f: Fetcher): void {
  fetcher = f
}

/** Called when the server says the session is gone (401): the app shows the login page. */
let onUnauthenticated: () => void = () => {}
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  raw?: { data: Blob | ArrayBuffer; type: string },
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let payload: BodyInit | undefined
  if (raw) {
    headers['Content-Type'] = raw.type || 'application/octet-stream'
    payload = raw.data
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    payload = JSON.stringify(body)
  }
  const res = await fetcher(path, { method, headers, body: payload, credentials: 'same-origin' })
  const text = await res.text()
  let data: unknown = null
  try {
    data = text ? JSON.parse(text) : null
  } catch {
    data = null
  }
  if (!res.ok) {
    const err = (data as { error?: ApiErrorBody } | null)?.error
    if (res.status === 401 && !path.endsWith('/session')) onUnauthenticated()
    throw new ApiError(res.status, err?.code ?? 'http_' + res.status, err?.message ?? res.statusText, err?.field)
  }
  return data as T
}

export const get = <T>(path: string) => request<T>('GET', path)
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {})
export const del = <T>(path: string) => request<T>('DELETE', path)

/** "?a=1&b=x" from the non-empty entries. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return parts.length ? '?' + parts.join('&') : ''
}

// ----------------------------------------------------------------------------- shapes

export interface User {
  id: number
  username: string
  display_name: string
  role: 'admin' | 'office' | 'department' | 'township' | 'enterprise' | 'viewer'
  region_code: string
  unit: string
  enterprise: string
  disabled: boolean
}

export interface SessionInfo {
  user: User
  csrf_token: string
}

export interface Target {
  id: number
  indicator: string
  name_zh: string
  name_en: string
  direction: string
  year: number | null
  kind: string
  value: number | null
  value_high: number | null
  unit: string
  qualifier: string
  base_year: number | null
  note: string
  main_target: boolean
  action: number
  lead_unit_type: string
  lead_units: string[]
  actual?: Actual | null
  warning?: string
}

export interface Actual {
  value: number
  unit: string
  period: string
  source: string
}

export interface TargetStatus {
  target_id: number
  target: Target
  actual: Actual | null
  expected: number | null
  warning: string
  warning_level: number | null
  /** met, on_track, behind, unknown, not_applicable — once the indicators engine assesses. */
  status?: string
  assessed_by?: string | null
  explanation_zh?: string
  explanation_en?: string
}

export interface Overview {
  plan: { id: number; region_code: string; region_name: string; region_name_en: string; title: string; base_year: number }
  main_targets: TargetStatus[]
  targets_total: number
  by_warning: Record<string, number>
  tasks: { total: number; by_status: Record<string, number> }
  actions: { number: number; title: string; tasks: number; by_status: Record<string, number> }[]
  reports: Record<string, number>
  projects: { total: number; investment_yi_yuan: number }
  alerts: { kind: string; report_id: number; task_id: number; unit: string; period: string; time: string }[]
}

export interface Task {
  id: number
  plan_id: number
  action: number
  action_title: string
  number: string
  title: string
  lead_units: string[]
  cooperating_units: string[]
  status?: string
  role?: string
  latest_report?: Report | { id: number; unit: string; period: string; state: string } | null
}

export interface Figure {
  name: string
  value: number
  unit: string
}

export interface Revision {
  revision: number
  status: string
  narrative: string
  figures: Figure[]
  author: string
  recorded_at: string
}

export interface Report {
  id: number
  task_id: number
  unit: string
  period: string
  revision: number
  status: string
  narrative: string
  figures: Figure[]
  author: string
  recorded_at: string
  state: 'submitted' | 'accepted' | 'returned'
  last_review: { revision: number; decision: string; comment: string; reviewer: string; recorded_at: string } | null
  evidence: { id: number; file_name: string; size: number; url: string }[]
  revisions?: Revision[]
  task?: Task
}

export interface Page<T> {
  items: T[]
  total: number
  limit: number
  offset: number
}

export interface PlanSummary {
  id: number
  region_code: string
  region_name: string
  region_name_en: string
  title: string
  targets: number
  tasks: number
  projects: number
}
