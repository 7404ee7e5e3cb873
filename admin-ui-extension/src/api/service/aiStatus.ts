import { call } from '@/base/http/request'
import type { ServerStatus } from '@/api/service/aiTypes'

/** This node: deploy mode, components and their state, the leader, the last error. */
export const getServerStatus = (): Promise<ServerStatus> => call({ url: '/ai/status', method: 'get' })
