import { call } from '@/base/http/request'
import type {
  AlertView,
  AnalysisResult,
  DriftReport,
  MetricCheck,
  ReferenceSummary,
  SloRule,
  TargetStatus,
  VersionSeries
} from '@/api/service/aiTypes'

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

/** Every SLO rule (all models); viewers read, operators write. */
export const listSloRules = (): Promise<SloRule[]> => call({ url: `${base}/slo-rules`, method: 'get', silent: true })

/** Creates a rule; 400 names every problem, 409 when the id is taken. */
export const createSloRule = (rule: Partial<SloRule>): Promise<SloRule> =>
  call({ url: `${base}/slo-rules`, method: 'post', data: rule, silent: true })

export const deleteSloRule = (id: string): Promise<void> =>
  call({ url: `${base}/slo-rules/${encodeURIComponent(id)}`, method: 'delete', silent: true })

/** The alert of every SLO rule, with its state and last notifications. */
export const listAlerts = (): Promise<AlertView[]> => call({ url: `${base}/alerts`, method: 'get', silent: true })

const versionPath = (model: string, version: string) =>
  `${base}/models/${encodeURIComponent(model)}/versions/${encodeURIComponent(version)}`

/** The version's drift now against its reference; 404 without a reference (the detail says how to make one). */
export const getDrift = (model: string, version: string): Promise<DriftReport> =>
  call({ url: `${versionPath(model, version)}/drift`, method: 'get', silent: true })

export const getReference = (model: string, version: string): Promise<ReferenceSummary> =>
  call({ url: `${versionPath(model, version)}/reference`, method: 'get', silent: true })

/** Stores the providers' current sketches as the version's reference (operators). */
export const captureReference = (model: string, version: string): Promise<ReferenceSummary> =>
  call({ url: `${versionPath(model, version)}/reference/capture`, method: 'post', silent: true })
