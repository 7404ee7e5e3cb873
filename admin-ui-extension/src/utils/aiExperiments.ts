import type { AuditEntry, Comparison, Experiment, ExperimentStatus, Num, ResultPoint } from '@/api/service/aiTypes'
import { num } from '@/utils/aiFormat'

export { num }

/**
 * Experiments as the experiments page shows them: numbers the server may send as "NaN" read as unknown, allocations
 * next to measured shares, intervals as text, the lift over time as rows for a G2 band chart.
 */

/** Per variant: planned allocation and measured share in per cent, units, and the gap between them. */
export interface AllocationRow {
  name: string
  target: string
  version: string | null
  allocation: number
  share: number | null
  units: number
  untracked: number
}

export function allocationRows(experiment: Experiment): AllocationRow[] {
  const measured = new Map((experiment.results?.variants ?? []).map((v) => [v.name, v]))
  return experiment.variants.map((v) => {
    const result = measured.get(v.name)
    const share = num(result?.share)
    return {
      name: v.name,
      target: v.target,
      version: result?.version ?? v.version,
      allocation: v.allocation,
      share: share === null ? null : round(share * 100, 1),
      units: result?.units ?? 0,
      untracked: result?.untracked ?? 0
    }
  })
}

/** `+1.2 pp [−0.3, +2.7]`-style text of a difference and its interval, in the metric's scale (× `scale`). */
export function intervalText(
  value: Num | null | undefined,
  lower: Num | null | undefined,
  upper: Num | null | undefined,
  scale = 1,
  unit = ''
): string {
  const v = num(value)
  if (v === null) return '–'
  const signed = (n: number) => `${n > 0 ? '+' : ''}${round(n * scale, 3)}${unit}`
  const lo = num(lower)
  const hi = num(upper)
  return lo === null || hi === null ? signed(v) : `${signed(v)} [${signed(lo)}, ${signed(hi)}]`
}

/** A comparison's relative lift as per cent with its interval, or the absolute difference when there is none. */
export function liftText(c: Comparison): string {
  return num(c.relativeLift) === null
    ? intervalText(c.difference, c.lower, c.upper)
    : intervalText(c.relativeLift, c.relativeLower, c.relativeUpper, 100, ' %')
}

/** A p-value for people: `< 0.001` below that, three decimals otherwise. */
export function pValueText(value: Num | null | undefined): string {
  const p = num(value)
  if (p === null) return '–'
  return p < 0.001 ? '< 0.001' : String(round(p, 3))
}

/** A row of the lift chart: the difference (line) and its always-valid interval (band) of one treatment. */
export interface LiftRow {
  time: Date
  variant: string
  difference: number
  lower: number | null
  upper: number | null
}

/** The engine's readings as chart rows, oldest first; readings without a difference are left out. */
export function liftRows(history: readonly ResultPoint[]): LiftRow[] {
  const rows: LiftRow[] = []
  for (const point of history) {
    for (const lift of point.primary) {
      const difference = num(lift.difference)
      if (difference === null) continue
      rows.push({ time: new Date(point.at), variant: lift.variant, difference, lower: num(lift.lower), upper: num(lift.upper) })
    }
  }
  return rows.sort((a, b) => a.time.getTime() - b.time.getTime())
}

/** What an operator may do in each state: start a draft (or resume a start), stop a running one, apply a decision. */
export function experimentActions(experiment: Experiment): ('start' | 'stop' | 'decision/apply')[] {
  const actions: ('start' | 'stop' | 'decision/apply')[] = []
  if (experiment.status === 'DRAFT' || experiment.status === 'STARTING') actions.push('start')
  if (experiment.status === 'RUNNING') actions.push('stop')
  const decision = experiment.decision
  if (decision && !decision.applied && decision.kind !== 'KEEP_RUNNING' && experiment.status === 'RUNNING') {
    actions.push('decision/apply')
  }
  return actions
}

/** Ant Design colours of the statuses. */
export const EXPERIMENT_STATUS_COLOR: Record<ExperimentStatus, string> = {
  DRAFT: 'default',
  STARTING: 'processing',
  RUNNING: 'green',
  STOPPED: 'purple'
}

/** The audit entries of an experiment: its decisions (`experiment:<id>`) and the calls that changed it. */
export function experimentAuditEntries(entries: readonly AuditEntry[], id: string): AuditEntry[] {
  const target = `experiment:${id}`
  const pathPrefix = `/api/v1/ai/experiments/${id}/`
  return entries.filter((e) => e.target === target || e.target.startsWith(pathPrefix) || e.action.includes(pathPrefix))
}

function round(value: number, decimals: number): number {
  return Number(value.toFixed(decimals))
}
