import { describe, expect, it } from 'vitest'
import { tokenProblem } from './aiLogin'

const TOKEN = 'dai_61cf70c25252_i9NGq3xZx0b7h2c1D8vJ-Kq_WmR4sT5uV6wX7yZ8a9b'

describe('tokenProblem', () => {
  it('accepts a whole token, spaces around it ignored', () => {
    expect(tokenProblem(TOKEN)).toBeNull()
    expect(tokenProblem(`  ${TOKEN}\n`)).toBeNull()
  })

  it('asks for a token when there is none', () => {
    expect(tokenProblem('')).toBe('aiDomain.login.tokenRequired')
    expect(tokenProblem('   ')).toBe('aiDomain.login.tokenRequired')
    expect(tokenProblem(undefined)).toBe('aiDomain.login.tokenRequired')
  })

  it('refuses a copy with the Bearer prefix, a missing part or a wrong id', () => {
    expect(tokenProblem(`Bearer ${TOKEN}`)).toBe('aiDomain.login.tokenFormat')
    expect(tokenProblem('dai_61cf70c25252_')).toBe('aiDomain.login.tokenFormat')
    expect(tokenProblem('dai_61CF70C25252_i9NGq3xZx0b7h2c1D8vJ')).toBe('aiDomain.login.tokenFormat')
    expect(tokenProblem('i9NGq3xZx0b7h2c1D8vJ-Kq_WmR4sT5uV6wX7yZ8a9b')).toBe('aiDomain.login.tokenFormat')
  })
})
