/**
 * The JSON the dubbo-ai server returns, as TypeScript types: the registry's records (docs/registry.md) and the
 * server's status, audit and login answers (docs/server.md). Times are ISO-8601 strings.
 */

export type Role = 'VIEWER' | 'OPERATOR' | 'ADMIN'

/** `GET /auth/me`: who the token belongs to. */
export interface ApiPrincipal {
  name: string
  role: Role
  tokenId: string | null
}

/** `POST /auth/login`: the session token; its secret is shown this once. */
export interface IssuedToken {
  token: { id: string; name: string; subject: string; role: Role; kind: 'API' | 'SESSION'; expiresAt: string | null }
  secret: string
}

export interface Audit {
  createdAt: string
  createdBy: string
  updatedAt: string
  updatedBy: string
}

export interface RegisteredModel {
  name: string
  description: string
  owner: string
  tags: Record<string, string>
  aliases: Record<string, number>
  lastVersion: number
  audit: Audit
  revision: number
}

export type VersionStatus = 'PENDING' | 'READY' | 'FAILED'

export interface TensorSpec {
  name: string
  datatype: string
  shape: number[]
}

export interface ModelSignature {
  inputs: TensorSpec[]
  outputs: TensorSpec[]
}

export interface Lineage {
  sourceRun: string | null
  trainingJob: string | null
  dataset: string | null
}

export interface ModelVersion {
  model: string
  version: number
  description: string
  artifactUri: string | null
  checksum: string | null
  format: string
  runtime: string
  signature: ModelSignature
  metrics: Record<string, number>
  params: Record<string, string>
  tags: Record<string, string>
  lineage: Lineage
  status: VersionStatus
  statusMessage: string
  stage: string
  audit: Audit
  revision: number
}

/** One page of a registry listing; pass `nextPageToken` back for the next one. */
export interface Page<T> {
  items: T[]
  nextPageToken: string | null
  totalSize: number
}

export type ComponentState = 'STOPPED' | 'STARTING' | 'RUNNING' | 'STOPPING' | 'FAILED'

export interface ComponentStatus {
  name: string
  needsLeadership: boolean
  state: ComponentState
  since: string
  failures: number
  lastError: string | null
  nextRetry: string | null
}

/** `GET /ai/status`. */
export interface ServerStatus {
  mode: string
  node: string | null
  leader: boolean
  leaderNode: string | null
  components: ComponentStatus[]
  lastError: string | null
}

export interface AuditEntry {
  seq: number
  time: string
  actor: string
  action: string
  target: string
  before: string | null
  after: string | null
  status: number
}

/** `GET /audit`: page 0 is the newest. */
export interface AuditPage {
  page: number
  size: number
  total: number
  entries: AuditEntry[]
}

/** One version's share of the weighted split; `version` is text, as in the rule. */
export interface TrafficShare {
  version: string
  weight: number
}

export type Accelerator = 'cpu' | 'gpu' | 'any'

/**
 * A model's route rule as the route-rule API answers it in JSON: the document `RouteRuleCodec.encode` writes as YAML
 * (docs/contracts.md, section 3). `aliases` belong to the registry; `gpu` is absent without constraints.
 */
export interface RouteRuleDocument {
  configVersion?: string
  model: string
  enabled: boolean
  traffic: TrafficShare[]
  aliases?: Record<string, string>
  gpu?: { accelerator?: Accelerator; gpuTypes?: string[]; minGpuMemoryMiB?: number }
  stickyKey: string | null
  fallback: { policy: 'fail' | 'version'; version?: string }
  /** mirror `percent` % of the calls to `version` and discard its answers (a canary's shadow step writes it) */
  shadow?: { version: string; percent: number } | null
}

/** One point of `GET /ai/monitoring/models/{model}/series`: values over the step ending at `time`; null: no data. */
export interface SeriesPoint {
  time: string
  /** calls per second */
  throughput: number | null
  /** failed share of calls, 0..1 */
  errorRate: number | null
  /** seconds, successful calls */
  latencyP50: number | null
  latencyP99: number | null
  /** mean rows per batch of the batcher */
  batchSize: number | null
}

/** A model version's metrics over time (docs/monitoring.md, REST). */
export interface VersionSeries {
  model: string
  version: string
  points: SeriesPoint[]
}

/** `GET /ai/monitoring/targets`: a provider being scraped. */
export interface TargetStatus {
  target: { model: string; version: string; host: string; port: number }
  health: 'up' | 'down' | 'unknown'
  lastScrape: string | null
  lastError: string | null
  samples: number
}

export type MetricStatus = 'PASS' | 'FAIL' | 'REPORTED' | 'NO_DATA' | 'ERROR'
export type Verdict = 'PASS' | 'FAIL' | 'INCONCLUSIVE'

/** One metric of an analysis: baseline and candidate values, their difference and its judgement. */
export interface MetricResult {
  metric: string
  unit: string
  baseline: number | null
  candidate: number | null
  difference: number | null
  relativeDifference: number | null
  status: MetricStatus
  message: string
  query: string
}

/** `POST /ai/monitoring/analyses`: version `candidate` compared with `baseline` over `window` (ISO-8601). */
export interface AnalysisResult {
  model: string
  baseline: string
  candidate: string
  window: string
  at: string
  backend: string
  verdict: Verdict
  metrics: MetricResult[]
}

/** One metric of an analysis request. */
export interface MetricCheck {
  metric: string
  maxDegradation?: number
  maxRelativeDegradation?: number
}

export type ExperimentStatus = 'DRAFT' | 'STARTING' | 'RUNNING' | 'STOPPED'
export type DecisionKind = 'KEEP_RUNNING' | 'PROMOTE' | 'STOP_FOR_HARM' | 'STOP_INCONCLUSIVE'

/** A number the server may send as "NaN" (Jackson writes non-finite doubles as strings). */
export type Num = number | string

/** A variant: `target` a version or an alias, `version` what it serves once started. */
export interface ExperimentVariant {
  name: string
  target: string
  allocation: number
  version: string | null
}

export interface VariantResult {
  name: string
  version: string | null
  allocation: number
  units: number
  untracked: number
  /** measured share of all exposed units, 0..1 */
  share: Num
}

/** A treatment against the control on one metric, with its always-valid interval. */
export interface Comparison {
  metric: string
  variant: string
  control: string
  controlMean: Num
  variantMean: Num
  controlUnits: number
  variantUnits: number
  difference: Num
  lower: Num | null
  upper: Num | null
  relativeLift: Num | null
  relativeLower: Num | null
  relativeUpper: Num | null
  pValue: Num
  significant: boolean
  verdict: 'BETTER' | 'WORSE' | 'UNDECIDED'
}

export interface ExperimentResults {
  experiment: string
  at: string
  variants: VariantResult[]
  exposedUnits: number
  crossovers: number
  srm: { chiSquare: Num; pValue: Num; mismatch: boolean }
  primary: Comparison[]
  guardrails: Comparison[]
  decision: DecisionKind
  winner: string | null
  reason: string
  evidence: Record<string, Num>
}

/** One reading of the engine: the primary metric's lift per treatment. */
export interface ResultPoint {
  at: string
  units: Record<string, number>
  primary: { variant: string; difference: Num; lower: Num | null; upper: Num | null; pValue: Num }[]
  srmPValue: Num
  decision: DecisionKind
}

export interface DecisionRecord {
  kind: DecisionKind
  winner: string | null
  winnerVersion: string | null
  reason: string
  evidence: Record<string, Num>
  decidedAt: string
  applied: boolean
  auditedAt: string | null
}

/** `GET /ai/experiments/{id}` (docs/abtest.md); in lists without results and history. */
export interface Experiment {
  id: string
  model: string
  status: ExperimentStatus
  unitAttachment: string
  variants: ExperimentVariant[]
  primaryMetric: string
  guardrailMetrics: string[]
  design: {
    alpha: number
    power: number
    minimumDetectableEffect: number | null
    baselineRate: number | null
    standardDeviation: number | null
    fixedUnitsPerVariant: number | null
  }
  decisionPolicy: { automatic: boolean; promoteAlias: string | null; minUnitsPerVariant: number }
  unitsPerVariant: number
  startedAt: string | null
  stoppedAt: string | null
  decision: DecisionRecord | null
  results: ExperimentResults | null
  history: ResultPoint[]
}

/** `POST /ai/experiments`: what a new experiment needs (the server fills in the rest). */
export interface ExperimentRequest {
  id: string
  model: string
  unitAttachment: string
  variants: { name: string; target: string; allocation: number }[]
  primaryMetric: string
  guardrailMetrics?: string[]
  design?: { alpha?: number; fixedUnitsPerVariant?: number }
  decision?: { automatic?: boolean; promoteAlias?: string; minUnitsPerVariant?: number }
}

export type SloMetric = 'error_rate' | 'latency' | 'throughput'

/** An SLO rule of a model version (multi-window burn-rate alerting); fields that do not apply to the metric are null. */
export interface SloRule {
  id: string
  model: string
  version: string
  metric: SloMetric
  /** error_rate: share of good calls, in (0, 1) */
  target: number | null
  /** latency: e.g. 0.99 */
  quantile: number | null
  /** latency: one of the latency histogram's SLO buckets, seconds */
  thresholdSeconds: number | null
  /** throughput: calls per second */
  minimum: number | null
  actions: string[]
  description: string | null
  windows: { longWindow: string; shortWindow: string; factor: number; severity: string }[]
}

/** A notification of an alert (fired or resolved) and its delivery. */
export interface AlertNotification {
  id: string
  kind: 'firing' | 'inactive'
  incident: number
  at: string
  severity: string
  summary: string
  values: Record<string, Num>
  targets: string[]
  done: string[]
  attempts: number
  lastError: string | null
}

/** `GET /ai/monitoring/alerts`: one per SLO rule. */
export interface AlertView {
  rule: string
  model: string
  version: string
  metric: SloMetric
  objective: string
  status: 'firing' | 'inactive'
  incident: number
  since: string
  severity: string | null
  evaluatedAt: string | null
  values: Record<string, Num>
  error: string | null
  pending: AlertNotification[]
  recent: AlertNotification[]
}

/** Numeric: shares of the bins cut at `edges`; categorical: shares by category. */
export interface DriftHistogram {
  edges: Num[]
  shares: Num[]
  categories: Record<string, Num>
}

export interface DriftFinding {
  feature: string
  statistic: 'PSI' | 'KOLMOGOROV_SMIRNOV' | 'CHI_SQUARE' | 'JENSEN_SHANNON' | 'WASSERSTEIN'
  value: Num
  pValue: Num
  threshold: Num
  drifted: boolean
}

export interface FeatureDrift {
  feature: string
  kind: 'NUMERIC' | 'CATEGORICAL'
  referenceCount: number
  currentCount: number
  drifted: boolean
  statistics: DriftFinding[]
  reference: DriftHistogram
  current: DriftHistogram
}

/** `GET /ai/monitoring/models/{model}/versions/{version}/drift`. */
export interface DriftReport {
  model: string
  version: string
  referenceCreatedAt: string
  referenceSource: string
  windowStart: string
  windowEnd: string
  drifted: string[]
  features: FeatureDrift[]
  problems: string[]
  sources: { instance: string; ok: boolean; error: string | null }[]
}

/** A stored reference profile: values per feature. */
export interface ReferenceSummary {
  model: string
  version: string
  createdAt: string
  source: string
  features: Record<string, number>
}

export type RolloutPhase = 'PENDING' | 'PROGRESSING' | 'ROLLING_BACK' | 'SUCCEEDED' | 'ROLLED_BACK' | 'ABORTED'

/** A gate of a canary: an analysis metric of the candidate against the baseline. */
export interface DeploymentGate {
  metric: string
  maxDegradation?: number | null
  maxRelativeDegradation?: number | null
  query?: string | null
  higherIsWorse?: boolean | null
}

/** How traffic moves (docs/deployment.md): durations ISO-8601; the server fills in the defaults. */
export interface DeploymentStrategy {
  type: 'rolling' | 'blue-green' | 'canary'
  steps?: number[] | null
  stepInterval?: string | null
  gates?: DeploymentGate[] | null
  analysisWindow?: string | null
  analysisEvery?: string | null
  maxInconclusive?: number | null
  keepBaselineFor?: string | null
  /** canary only: a step before the weighted ones mirroring `percent` % of the calls to the candidate */
  shadow?: { percent: number | null; interval?: string | null } | null
}

/** What a deployment asks for: one version (or alias) of one model, replicas and resources, and a strategy. */
export interface DeploymentSpec {
  name: string
  model: string
  version: string
  replicas?: number | null
  autoscaling?: { minReplicas: number; maxReplicas: number; targetCpuPercent: number } | null
  resources?: { cpu: string | null; memory: string | null; gpu: number; gpuType: string | null; gpuMemoryMib: number } | null
  nodeSelector?: Record<string, string> | null
  image?: string | null
  strategy?: DeploymentStrategy | null
}

/** What happened in a rollout and why; gate events carry the analysis' verdict and numbers. */
export interface RolloutEvent {
  at: string
  type: string
  message: string
  weights: Record<string, number>
  verdict: string | null
  metrics: MetricResult[]
}

export interface RolloutCondition {
  type: string
  status: boolean
  reason: string
  message: string
  since: string
}

/** `GET /ai/deployments/{name}`: the rollout document. */
export interface Deployment {
  spec: DeploymentSpec
  candidate: string
  baseline: string | null
  phase: RolloutPhase
  paused: boolean
  step: number
  stepStartedAt: string | null
  lastCheckAt: string | null
  inconclusive: number
  rollbackTo: RolloutPhase | null
  weights: Record<string, number>
  conditions: RolloutCondition[]
  events: RolloutEvent[]
  createdBy: string
  createdAt: string
  finishedAt: string | null
  baselineRemoved: boolean
  /** in the canary's shadow step (step is 0 meanwhile) */
  shadowing?: boolean
}

/** `GET /ai/models/{m}/versions/{v}/serving` (docs/registry.md, Readiness): who serves the version now. */
export interface VersionServing {
  model: string
  version: number
  /** distinct ready addresses: registered providers plus model hosts reporting READY with a fresh heartbeat */
  readyProviders: number
  /** addresses registered for the version in the Dubbo registry */
  providers: string[]
  /** what each model host assigned the version reports */
  hosts: { hostId: string; address: string; state: string; reason: string | null; since: string; alive: boolean }[]
  /** what was consulted; empty: readiness unknown */
  sources: string[]
}
