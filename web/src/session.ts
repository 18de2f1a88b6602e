// Who is logged in. Restored from the session cookie on page load (GET /api/v1/session).
import { reactive } from 'vue'
import { ApiError, del, get, post, setCsrfToken, type SessionInfo, type User } from './api'

export const session = reactive<{ user: User | null; checked: boolean; message: string }>({
  user: null,
  checked: false,
  message: '',
})

export async function restoreSession(): Promise<void> {
  try {
    const info = await get<SessionInfo>('/api/v1/session')
    setCsrfToken(info.csrf_token)
    session.user = info.user
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) session.message = String((e as Error).message)
    session.user = null
  } finally {
    session.checked = true
  }
}

export async function logIn(username: string, password: string): Promise<void> {
  const info = await post<SessionInfo>('/api/v1/session', { username, password })
  setCsrfToken(info.csrf_token)
  session.user = info.user
  session.message = ''
}

export async function logOut(): Promise<void> {
  try {
    await del('/api/v1/session')
  } finally {
    setCsrfToken('')
    session.user = null
  }
}

export function isOffice(): boolean {
  return session.user?.role === 'office' || session.user?.role === 'admin'
}

export function planSelector(): string {
  return session.user?.region_code || ''
}

/** Where a user lands after logging in: enterprises on their monitoring page, others on the overview. */
export function homePath(): string {
  return session.user?.role === 'enterprise' ? '/monitoring' : '/overview'
}
