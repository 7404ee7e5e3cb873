import { describe, expect, it } from 'vitest'
import { AxiosError, AxiosHeaders, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios'
import { describeError, isApiError, toApiError } from './problem'

const config = { headers: new AxiosHeaders() } as InternalAxiosRequestConfig

function answered(status: number, data: unknown, headers: Record<string, string> = {}): AxiosError {
  const response = { status, statusText: 'Status Text', data, headers, config } as AxiosResponse
  return new AxiosError('Request failed', AxiosError.ERR_BAD_REQUEST, config, {}, response)
}

const t = (key: string, values?: Record<string, unknown>) => (values ? `${key} ${JSON.stringify(values)}` : key)

describe('toApiError', () => {
  it('takes the registry problem details: detail, reason, model, version', () => {
    const error = toApiError(
      answered(409, {
        type: 'https://dubbo-ai.io/problems/conflict',
        title: 'Conflict',
        status: 409,
        detail: "model 'risk' is being deleted; retry after the delete finishes",
        reason: 'CONFLICT',
        model: 'risk',
        version: 2
      })
    )
    expect(error).toEqual({
      status: 409,
      kind: 'http',
      title: 'Conflict',
      detail: "model 'risk' is being deleted; retry after the delete finishes",
      reason: 'CONFLICT',
      model: 'risk',
      version: 2,
      type: 'conflict'
    })
  })

  it("takes the route-rule API's problems with their lines, and the current tag", () => {
    const error = toApiError(
      answered(400, {
        type: 'https://dubbo-ai.io/problems/invalid-route-rule',
        title: 'Bad Request',
        status: 400,
        detail: 'the route rule is not valid (1 problem); fix each at its path, line and column: ...',
        problems: [
          { path: 'traffic[0].weight', line: 4, column: 13, message: '150 is above 100; weights are 0..100', hint: 'weights are 0..100' },
          { path: 'model' },
          'not a problem'
        ],
        currentEtag: 'abc123',
        storedText: 'model: risk'
      })
    )
    expect(error.type).toBe('invalid-route-rule')
    expect(error.problems).toEqual([
      { path: 'traffic[0].weight', line: 4, column: 13, message: '150 is above 100; weights are 0..100', hint: 'weights are 0..100' }
    ])
    expect(error.currentEtag).toBe('abc123')
    expect(error.storedText).toBe('model: risk')
  })

  it("reads the experiments API's problems, which name the field", () => {
    const error = toApiError(
      answered(400, { detail: 'the experiment is not valid', problems: [{ field: 'variants[1].allocation', message: 'allocations sum to 90' }] })
    )
    expect(error.problems).toEqual([{ path: 'variants[1].allocation', message: 'allocations sum to 90' }])
  })

  it("takes Spring's error body of a security refusal (message, error)", () => {
    const error = toApiError(
      answered(403, { status: 403, error: 'Forbidden', message: 'Your role does not allow PUT /api/v1/ai/models/x' })
    )
    expect(error.title).toBe('Forbidden')
    expect(error.detail).toBe('Your role does not allow PUT /api/v1/ai/models/x')
  })

  it('reads the login lock-out from the body, or else from Retry-After', () => {
    expect(toApiError(answered(429, { detail: 'locked', retryAfterSeconds: 840 })).retryAfterSeconds).toBe(840)
    expect(toApiError(answered(429, {}, { 'retry-after': '12' })).retryAfterSeconds).toBe(12)
    expect(toApiError(answered(429, {}, { 'retry-after': 'soon' })).retryAfterSeconds).toBeUndefined()
  })

  it('falls back to the status text when the body is not JSON', () => {
    const error = toApiError(answered(502, '<html>bad gateway</html>'))
    expect(error).toMatchObject({ status: 502, kind: 'http', title: 'Status Text', detail: '' })
  })

  it('tells a network failure from a timeout', () => {
    const network = new AxiosError('Network Error', AxiosError.ERR_NETWORK, config, {})
    const timeout = new AxiosError('timeout of 30000ms exceeded', AxiosError.ECONNABORTED, config, {})
    expect(toApiError(network)).toMatchObject({ status: 0, kind: 'network' })
    expect(toApiError(timeout)).toMatchObject({ status: 0, kind: 'timeout' })
  })

  it('maps anything else to a network-kind error carrying its message', () => {
    expect(toApiError(new Error('boom'))).toMatchObject({ status: 0, kind: 'network', detail: 'boom' })
    expect(isApiError(toApiError('x'))).toBe(true)
    expect(isApiError({ status: 1 })).toBe(false)
  })
})

describe('describeError', () => {
  it("prefers the server's own words", () => {
    expect(describeError(toApiError(answered(400, { detail: 'name is missing' })), t)).toBe('name is missing')
  })

  it('explains an answer without detail by its status', () => {
    expect(describeError(toApiError(answered(401, {})), t)).toBe('aiDomain.errors.sessionEnded')
    expect(describeError(toApiError(answered(403, {})), t)).toBe('aiDomain.errors.forbidden')
    expect(describeError(toApiError(answered(500, {})), t)).toBe('aiDomain.errors.status {"status":"500 Status Text"}')
  })

  it('explains failures without an answer', () => {
    expect(describeError({ status: 0, kind: 'network', title: '', detail: '' }, t)).toBe('aiDomain.errors.network')
    expect(describeError({ status: 0, kind: 'timeout', title: '', detail: '' }, t)).toBe('aiDomain.errors.timeout')
  })
})
