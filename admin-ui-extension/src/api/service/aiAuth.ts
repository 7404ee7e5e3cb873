import { call } from '@/base/http/request'
import type { ApiPrincipal, IssuedToken } from '@/api/service/aiTypes'

/** Logs in with user name and password; the answer's `secret` is the session's bearer token. */
export const login = (username: string, password: string): Promise<IssuedToken> =>
  call({ url: '/auth/login', method: 'post', data: { username, password }, silent: true })

/** Revokes the token the call is made with. */
export const logout = (): Promise<void> => call({ url: '/auth/logout', method: 'post', silent: true })

/** Who a token belongs to; `token` checks a token before it is stored (the API token login). */
export const getMe = (token?: string): Promise<ApiPrincipal> =>
  call({
    url: '/auth/me',
    method: 'get',
    silent: true,
    headers: token ? { Authorization: `Bearer ${token}` } : undefined
  })
