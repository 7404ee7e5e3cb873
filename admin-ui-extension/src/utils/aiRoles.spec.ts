import { describe, expect, it } from 'vitest'
import { canReadAudit, canWrite, includes } from './aiRoles'

describe('roles', () => {
  it('include the ones below them', () => {
    expect(includes('ADMIN', 'VIEWER')).toBe(true)
    expect(includes('OPERATOR', 'OPERATOR')).toBe(true)
    expect(includes('VIEWER', 'OPERATOR')).toBe(false)
  })

  it('let operators and admins write and read the audit log, not viewers', () => {
    expect(['VIEWER', 'OPERATOR', 'ADMIN'].map(canWrite)).toEqual([false, true, true])
    expect(['VIEWER', 'OPERATOR', 'ADMIN'].map(canReadAudit)).toEqual([false, true, true])
  })

  it('grant nothing to a missing or unknown role', () => {
    expect(canWrite(undefined)).toBe(false)
    expect(canWrite(null)).toBe(false)
    expect(includes('ROOT', 'VIEWER')).toBe(false)
  })
})
