import { describe, expect, it } from 'vitest'
import { ApiError, get, post, query, setCsrfToken, setFetcher, setUnauthenticatedHandler } from '../../src/api'

function fake(status: number, body: unknown, seen: { init?: RequestInit; url?: string }) {
  setFetcher(async (url, init) => {
    seen.url = url
    seen.init = init
    return new Response(JSON.stringify(body), { status })
  })
}

describe('api', () => {
  it('sends the CSRF token on writes only', async () => {
    const seen: { init?: RequestInit } = {}
    setCsrfToken('tok123')
    fake(200, { ok: true }, seen)
    await post('/api/v1/tasks/1/reports', { period: '2025' })
    expect((seen.init!.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok123')
    expect(seen.init!.body).toBe('{"period":"2025"}')
    await get('/api/v1/plans')
    expect((seen.init!.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined()
  })
  it('turns error bodies into ApiError and reports 401', async () => {
    let logged = false
    setUnauthenticatedHandler(() => (logged = true))
    fake(403, { error: { code: 'permission_denied', message: 'not yours', field: 'task' } }, {})
    await expect(get('/api/v1/tasks/9/reports')).rejects.toMatchObject({ status: 403, code: 'permission_denied', field: 'task' })
    fake(401, { error: { code: 'unauthenticated', message: 'log in' } }, {})
    await expect(get('/api/v1/plans')).rejects.toBeInstanceOf(ApiError)
    expect(logged).toBe(true)
  })
  it('builds query strings from non-empty values', () => {
    expect(query({ a: 1, b: '', c: undefined, d: 'x y' })).toBe('?a=1&d=x%20y')
    expect(query({})).toBe('')
  })
})
