import type { DeploymentAction } from '@/api/service/aiDeployments'
import type { Deployment, DeploymentSpec, RolloutEvent, RolloutPhase } from '@/api/service/aiTypes'

/**
 * Rollouts as the deployments page shows them: the steps with where the rollout stands, the live split, the gate
 * results, and the actions its phase allows. The server decides; these only map.
 */

export const FINAL_PHASES: readonly RolloutPhase[] = ['SUCCEEDED', 'ROLLED_BACK', 'ABORTED']

export const isFinal = (d: Pick<Deployment, 'phase'>) => FINAL_PHASES.includes(d.phase)

/** The candidate's share at each step: the canary's steps, or one switch to 100 % for rolling and blue-green. */
export function stepPercents(spec: DeploymentSpec): number[] {
  const strategy = spec.strategy
  if (!strategy || strategy.type === 'canary') return strategy?.steps?.length ? strategy.steps : [5, 25, 50, 100]
  return [100]
}

export type StepStatus = 'wait' | 'process' | 'finish' | 'error'

/**
 * One entry of the step bar: the candidate's readiness first, then the canary's shadow step if it has one, then one
 * per traffic step.
 */
export interface StepItem {
  /** null for the readiness step; the share mirrored for the shadow step; else the candidate's weight */
  percent: number | null
  status: StepStatus
  shadow?: boolean
}

/** The share a canary's shadow step mirrors to the candidate, or null when it has none. */
export function shadowPercent(spec: DeploymentSpec): number | null {
  const strategy = spec.strategy
  if (!strategy || strategy.type !== 'canary') return null
  return strategy.shadow?.percent ?? null
}

export function rolloutSteps(d: Deployment): StepItem[] {
  const percents = stepPercents(d.spec)
  const failed = d.phase === 'ROLLING_BACK' || d.phase === 'ROLLED_BACK' || d.phase === 'ABORTED'
  const shadowing = d.shadowing === true
  const ready: StepItem = { percent: null, status: d.phase === 'PENDING' ? (failed ? 'error' : 'process') : 'finish' }
  const mirrored = shadowPercent(d.spec)
  const shadow: StepItem[] =
    mirrored === null
      ? []
      : [
          {
            percent: mirrored,
            shadow: true,
            status:
              d.phase === 'PENDING' ? 'wait' : shadowing ? (failed ? 'error' : 'process') : 'finish'
          }
        ]
  const steps = percents.map((percent, i): StepItem => {
    if (d.phase === 'SUCCEEDED') return { percent, status: 'finish' }
    if (d.phase === 'PENDING' || shadowing) return { percent, status: 'wait' }
    if (i < d.step) return { percent, status: 'finish' }
    if (i === d.step) return { percent, status: failed ? 'error' : 'process' }
    return { percent, status: 'wait' }
  })
  return [ready, ...shadow, ...steps]
}

/** The split the rollout last wrote, candidate and baseline named, versions in order. */
export interface WeightRow {
  version: string
  weight: number
  role: 'candidate' | 'baseline' | 'other'
}

export function weightRows(d: Deployment): WeightRow[] {
  return Object.entries(d.weights ?? {})
    .map(([version, weight]): WeightRow => ({
      version,
      weight,
      role: version === d.candidate ? 'candidate' : version === d.baseline ? 'baseline' : 'other'
    }))
    .sort((a, b) => Number(a.version) - Number(b.version) || a.version.localeCompare(b.version))
}

/** The gate checks (events with an analysis verdict), newest first. */
export const gateEvents = (d: Deployment): RolloutEvent[] =>
  d.events.filter((e) => e.verdict !== null && e.verdict !== undefined).reverse()

/** The events, newest first. */
export const newestFirst = (d: Deployment): RolloutEvent[] => [...d.events].reverse()

/**
 * What an operator may do now: while the rollout runs, pause or resume, promote to 100 % and abort; a running or
 * succeeded one may be rolled back; a rolling-back or finished-back one nothing.
 */
export function deploymentActions(d: Deployment): DeploymentAction[] {
  if (d.phase === 'PENDING' || d.phase === 'PROGRESSING') {
    return [d.paused ? 'resume' : 'pause', 'promote', 'abort', 'rollback']
  }
  if (d.phase === 'SUCCEEDED') return ['rollback']
  return []
}

/** Ant Design colours of the phases. */
export const PHASE_COLOR: Record<RolloutPhase, string> = {
  PENDING: 'default',
  PROGRESSING: 'processing',
  ROLLING_BACK: 'warning',
  SUCCEEDED: 'success',
  ROLLED_BACK: 'error',
  ABORTED: 'default'
}

/** The spec a "new canary" form gives: steps parsed from `5, 25, 50, 100`, the chosen gates, durations in seconds. */
export interface CanaryForm {
  name: string
  model: string
  version: string
  replicas: number
  steps: string
  stepSeconds: number
  /** a shadow step first, mirroring this share of the calls to the candidate; 0 or empty: none */
  shadowPercent?: number | null
  errorRateGate: boolean
  latencyGate: boolean
}

/** Steps as typed (`5, 25 50,100`); what is not a number is kept as NaN for the server to name. */
export const parseSteps = (text: string): number[] =>
  text
    .split(/[\s,]+/)
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : Number.NaN))

export function canarySpec(form: CanaryForm): DeploymentSpec {
  const gates = [
    ...(form.errorRateGate ? [{ metric: 'error_rate', maxDegradation: 0.01 }] : []),
    ...(form.latencyGate ? [{ metric: 'latency_p99', maxRelativeDegradation: 0.2 }] : [])
  ]
  return {
    name: form.name.trim(),
    model: form.model.trim(),
    version: form.version.trim(),
    replicas: form.replicas,
    strategy: {
      type: 'canary',
      steps: parseSteps(form.steps),
      stepInterval: `PT${form.stepSeconds}S`,
      gates,
      // the shadow step holds as long as the other steps (the server's default for its interval)
      ...(form.shadowPercent ? { shadow: { percent: form.shadowPercent } } : {})
    }
  }
}
