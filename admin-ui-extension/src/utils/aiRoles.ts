import type { Role } from '@/api/service/aiTypes'

/** The server's roles, each including the ones before it (viewer ⊂ operator ⊂ admin). */
export const ROLES: readonly Role[] = ['VIEWER', 'OPERATOR', 'ADMIN']

/** Whether `role` may do what `needed` may; an unknown or missing role may do nothing. */
export function includes(role: string | null | undefined, needed: Role): boolean {
  const have = ROLES.indexOf(role as Role)
  return have >= 0 && have >= ROLES.indexOf(needed)
}

/** Writes under /api/** (moving an alias, ...) need an operator. */
export const canWrite = (role: string | null | undefined) => includes(role, 'OPERATOR')

/** The audit log is for operators and admins. */
export const canReadAudit = (role: string | null | undefined) => includes(role, 'OPERATOR')
