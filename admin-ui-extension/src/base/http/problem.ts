import { AxiosError } from 'axios'

/**
 * A failed API call as the pages show it. The server answers errors with RFC 9457 problem details (`title`,
 * `detail`, and for the registry `reason`, `model`, `version`; for a locked login `retryAfterSeconds`); Spring's
 * own refusals (401/403 from the security rules) come as `{status, error, message}`. Both map to this.
 */
export interface ApiError {
  /** HTTP status, or 0 when no answer came (network) . */
  status: number
  /** `http` for an answer, `network` when the server could not be reached, `timeout` when it took too long. */
  kind: 'http' | 'network' | 'timeout'
  title: string
  /** What went wrong and how to fix it, in the server's words; empty when the server said nothing. */
  detail: string
  reason?: string
  model?: string
  version?: number
  retryAfterSeconds?: number
  /** An invalid route rule: every problem at its path, line and column (docs/deployment.md). */
  problems?: RuleProblem[]
  /** The tag of what is stored now (a refused `If-Match`, or a stored rule that is not valid). */
  currentEtag?: string
  /** The stored text of a rule that is not valid (409 `stored-route-rule-invalid`). */
  storedText?: string
  /** The last segment of the problem's `type`, e.g. `invalid-route-rule`, `precondition-failed`. */
  type?: string
}

/** One problem of a route rule as the route-rule API lists it; `line` and `column` are 1-based, absent when unknown. */
export interface RuleProblem {
  path: string
  line?: number
  column?: number
  message: string
  hint?: string
}

type Json = Record<string, unknown>

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/** Maps whatever axios rejected with to an {@link ApiError}. */
export function toApiError(error: unknown): ApiError {
  if (!(error instanceof AxiosError)) {
    return { status: 0, kind: 'network', title: '', detail: error instanceof Error ? error.message : String(error) }
  }
  if (!error.response) {
    const timedOut = error.code === AxiosError.ECONNABORTED || error.code === AxiosError.ETIMEDOUT
    return { status: 0, kind: timedOut ? 'timeout' : 'network', title: '', detail: '' }
  }
  const { status, statusText, data, headers } = error.response
  const body: Json = typeof data === 'object' && data !== null ? (data as Json) : {}
  const mapped: ApiError = {
    status,
    kind: 'http',
    title: text(body.title) || text(body.error) || statusText || '',
    detail: text(body.detail) || text(body.message)
  }
  if (typeof body.reason === 'string') mapped.reason = body.reason
  if (typeof body.model === 'string') mapped.model = body.model
  if (typeof body.version === 'number') mapped.version = body.version
  if (typeof body.type === 'string' && body.type !== 'about:blank') mapped.type = body.type.replace(/.*\//, '')
  // the route-rule and deployment APIs name a problem's place `path`, the experiments API `field`
  if (Array.isArray(body.problems)) mapped.problems = body.problems.flatMap(toProblem)
  if (typeof body.currentEtag === 'string') mapped.currentEtag = body.currentEtag
  if (typeof body.storedText === 'string') mapped.storedText = body.storedText
  const retryAfter = Number(body.retryAfterSeconds ?? headers?.['retry-after'])
  if (Number.isFinite(retryAfter) && retryAfter > 0) mapped.retryAfterSeconds = retryAfter
  return mapped
}

/** One listed problem, or none when the entry is not one (no place or no message). */
function toProblem(value: unknown): RuleProblem[] {
  if (typeof value !== 'object' || value === null) return []
  const p = value as Json
  const path = typeof p.path === 'string' ? p.path : p.field
  if (typeof path !== 'string' || typeof p.message !== 'string') return []
  const problem: RuleProblem = { path, message: p.message }
  if (typeof p.line === 'number') problem.line = p.line
  if (typeof p.column === 'number') problem.column = p.column
  if (typeof p.hint === 'string') problem.hint = p.hint
  return [problem]
}

/** Whether a rejection is already an {@link ApiError}. */
export function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && 'status' in value && 'kind' in value && 'detail' in value
}

/**
 * The sentence to show for an error: the server's own detail when it gave one, else a translated sentence for the
 * kind of failure (`t` is vue-i18n's translate function).
 */
export function describeError(error: ApiError, t: (key: string, values?: Json) => string): string {
  if (error.kind === 'network') return t('aiDomain.errors.network')
  if (error.kind === 'timeout') return t('aiDomain.errors.timeout')
  if (error.detail) return error.detail
  if (error.status === 401) return t('aiDomain.errors.sessionEnded')
  if (error.status === 403) return t('aiDomain.errors.forbidden')
  return t('aiDomain.errors.status', { status: error.title ? `${error.status} ${error.title}` : error.status })
}
