import { call } from '@/base/http/request'
import type { AnalysisResult, MetricCheck, TargetStatus, VersionSeries } from '@/api/service/aiTypes'

/** The monitoring API of dubbo-ai-monitor-control (docs/monitoring.md): reads only, viewers included. */
const base = '/ai/monitoring'

/** Per version: throughput, error rate, p50/p99 latency and batch size over `window`, one point per `step` (ISO-8601). */
export const getSeries = (model: string, window: string, step: string): Promise<VersionSeries[]> =>
  call({ url: `${base}/models/${encodeURIComponent(model)}/series`, method: 'get', params: { window, step } })

/** The providers found in the Dubbo registry and how scraping them goes. */
export const getTargets = (): Promise<TargetStatus[]> => call({ url: `${base}/targets`, method: 'get' })

/** Compares `candidate` with `baseline` over `window`; never fails for a missing backend (the result says why). */
export const analyse = (request: {
  model: string
  baseline: string
  candidate: string
  window: string
  metrics: MetricCheck[]
}): Promise<AnalysisResult> => call({ url: `${base}/analyses`, method: 'post', data: request, silent: true })
