import { call } from '@/base/http/request'
import type { AuditPage } from '@/api/service/aiTypes'

/** One page of the audit log, page 0 the newest (operators and admins). */
export const getAuditPage = (page: number, size: number): Promise<AuditPage> =>
  call({ url: '/audit', method: 'get', params: { page, size } })
