import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios'
import { message } from 'ant-design-vue'
import { describeError, toApiError, type ApiError } from '@/base/http/problem'
import { i18n } from '@/base/i18n'
import { useAiAuthStore } from '@/stores/aiAuth'

declare module 'axios' {
  interface AxiosRequestConfig {
    /** The caller shows the error itself: no message pops up. */
    silent?: boolean
    /** Resolve to the whole response (status, headers such as `ETag`), not only its body. */
    fullResponse?: boolean
  }
}

/**
 * The console's HTTP convention: one axios instance on `/api/v1`. Every call carries the logged-in user's bearer
 * token; an answer resolves to its body; a failure rejects with an {@link ApiError} and, unless the call is
 * `silent`, pops up the server's problem detail. A 401 ends the session (the token is unknown, revoked or expired).
 */
const service: AxiosInstance = axios.create({
  baseURL: '/api/v1',
  timeout: 30 * 1000
})

let onSessionEnded: () => void = () => {}

/** What to do when the server no longer accepts the token (the router sends the user to the login page). */
export function setSessionEndedHandler(handler: () => void) {
  onSessionEnded = handler
}

service.interceptors.request.use((config) => {
  const { token } = useAiAuthStore()
  if (token) config.headers.Authorization = `Bearer ${token}`
  return config
})

service.interceptors.response.use(
  (response) => (response.config.fullResponse ? response : response.data),
  (error) => {
    const failure: ApiError = toApiError(error)
    const sentBearer = Boolean(error?.config?.headers?.Authorization)
    if (failure.status === 401 && sentBearer) {
      useAiAuthStore().clear()
      onSessionEnded()
    }
    if (!error?.config?.silent) message.error(describeError(failure, i18n.global.t))
    return Promise.reject(failure)
  }
)

/** Calls the API and resolves to the answer's body, typed. */
export function call<T>(config: AxiosRequestConfig): Promise<T> {
  // the response interceptor above resolves to the body, not to the AxiosResponse the instance's type promises
  return service.request(config) as unknown as Promise<T>
}

/** Calls the API and resolves to the whole answer: status, headers and body. */
export function callFull<T>(config: AxiosRequestConfig): Promise<AxiosResponse<T>> {
  return service.request({ ...config, fullResponse: true })
}

export default service
