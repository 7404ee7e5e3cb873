import { defineStore } from 'pinia'
import { SESSION_STORAGE_AUTH } from '@/base/constants'
import type { ApiPrincipal } from '@/api/service/aiTypes'
import { canReadAudit, canWrite } from '@/utils/aiRoles'

interface AuthState {
  /** The bearer token: a session token from the login, or an API token pasted in. */
  token: string | null
  /** Who the token belongs to, from `GET /auth/me`. */
  principal: ApiPrincipal | null
  /** `session`: issued at login, revoked at logout; `api`: pasted in, only forgotten at logout (automation may use it). */
  kind: 'session' | 'api' | null
}

function restore(): AuthState {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SESSION_STORAGE_AUTH) ?? 'null')
    if (saved && typeof saved.token === 'string' && saved.principal && ['session', 'api'].includes(saved.kind)) {
      return saved
    }
  } catch {
    // unreadable: start logged out
  }
  return { token: null, principal: null, kind: null }
}

/**
 * The logged-in caller. Kept in session storage, so a reload keeps the session and closing the tab ends it; the
 * server decides what the token may do, these getters only hide buttons that would be refused.
 */
export const useAiAuthStore = defineStore('aiAuth', {
  state: (): AuthState => restore(),
  getters: {
    loggedIn: (state) => state.token !== null && state.principal !== null,
    canWrite: (state) => canWrite(state.principal?.role),
    canReadAudit: (state) => canReadAudit(state.principal?.role)
  },
  actions: {
    set(token: string, principal: ApiPrincipal, kind: 'session' | 'api') {
      this.token = token
      this.principal = principal
      this.kind = kind
      sessionStorage.setItem(SESSION_STORAGE_AUTH, JSON.stringify({ token, principal, kind }))
    },
    clear() {
      this.token = null
      this.principal = null
      this.kind = null
      sessionStorage.removeItem(SESSION_STORAGE_AUTH)
    }
  }
})
