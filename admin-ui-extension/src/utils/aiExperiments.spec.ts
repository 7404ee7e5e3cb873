import { describe, expect, it } from 'vitest'
import type { AuditEntry, Comparison, Experiment } from '@/api/service/aiTypes'
import {
  allocationRows,
  experimentActions,
  experimentAuditEntries,
  intervalText,
  liftRows,
  liftText,
  num,
  pValueText
} from './aiExperiments'

const experiment: Experiment = {
  id: 'risk-ab',
  model: 'risk',
  status: 'RUNNING',
  unitAttachment: 'user-id',
  variants: [
    { name: 'control', target: 'champion', allocation: 50, version: '1' },
    { name: 'treatment', target: '2', allocation: 50, version: '2' }
  ],
  primaryMetric: 'conversion',
  guardrailMetrics: ['latency'],
  design: { alpha: 0.05, power: 0.8, minimumDetectableEffect: null, baselineRate: null, standardDeviation: null, fixedUnitsPerVariant: 100 },
  decisionPolicy: { automatic: false, promoteAlias: 'champion', minUnitsPerVariant: 50 },
  unitsPerVariant: 100,
  startedAt: '2026-12-06T17:00:00Z',
  stoppedAt: null,
  decision: null,
  results: {
    experiment: 'risk-ab',
    at: '2026-12-06T17:10:00Z',
    variants: [
      { name: 'control', version: '1', allocation: 50, units: 60, untracked: 0, share: 0.6 },
      { name: 'treatment', version: '2', allocation: 50, units: 40, untracked: 2, share: 0.4 }
    ],
    exposedUnits: 100,
    crossovers: 0,
    srm: { chiSquare: 4, pValue: 0.0455, mismatch: true },
    primary: [],
    guardrails: [],
    decision: 'KEEP_RUNNING',
    winner: null,
    reason: 'sample ratio mismatch',
    evidence: {}
  },
  history: []
}

const comparison: Comparison = {
  metric: 'conversion',
  variant: 'treatment',
  control: 'control',
  controlMean: 0.1,
  variantMean: 0.12,
  controlUnits: 60,
  variantUnits: 40,
  difference: 0.02,
  lower: -0.01,
  upper: 0.05,
  relativeLift: 0.2,
  relativeLower: -0.1,
  relativeUpper: 0.5,
  pValue: 0.2,
  significant: false,
  verdict: 'UNDECIDED'
}

describe('numbers from the server', () => {
  it('read "NaN" and infinities as unknown', () => {
    expect(num(0.5)).toBe(0.5)
    expect(num('0.25')).toBe(0.25)
    expect(num('NaN')).toBeNull()
    expect(num('Infinity')).toBeNull()
    expect(num(null)).toBeNull()
    expect(num(undefined)).toBeNull()
  })
})

describe('allocationRows', () => {
  it('puts the planned allocation next to the measured share in per cent', () => {
    expect(allocationRows(experiment)).toEqual([
      { name: 'control', target: 'champion', version: '1', allocation: 50, share: 60, units: 60, untracked: 0 },
      { name: 'treatment', target: '2', version: '2', allocation: 50, share: 40, units: 40, untracked: 2 }
    ])
  })

  it('shows no share before the experiment has results', () => {
    const draft: Experiment = { ...experiment, status: 'DRAFT', results: null, variants: experiment.variants.map((v) => ({ ...v, version: null })) }
    expect(allocationRows(draft).map((r) => [r.share, r.units, r.version])).toEqual([
      [null, 0, null],
      [null, 0, null]
    ])
  })
})

describe('intervals and p-values', () => {
  it('write a signed difference with its interval', () => {
    expect(intervalText(0.02, -0.01, 0.05)).toBe('+0.02 [-0.01, +0.05]')
    expect(intervalText(0.02, null, 0.05)).toBe('+0.02')
    expect(intervalText('NaN', 0, 1)).toBe('–')
  })

  it('write the relative lift in per cent, or the difference without one', () => {
    expect(liftText(comparison)).toBe('+20 % [-10 %, +50 %]')
    expect(liftText({ ...comparison, relativeLift: null })).toBe('+0.02 [-0.01, +0.05]')
  })

  it('write small p-values as a bound', () => {
    expect(pValueText(0.00001)).toBe('< 0.001')
    expect(pValueText(0.04551)).toBe('0.046')
    expect(pValueText('NaN')).toBe('–')
  })
})

describe('liftRows', () => {
  it("draws each treatment's difference and interval over time, oldest first, unknown readings left out", () => {
    const rows = liftRows([
      { at: '2026-12-06T17:02:00Z', units: {}, primary: [{ variant: 'treatment', difference: 0.03, lower: -0.02, upper: 0.08, pValue: 0.3 }], srmPValue: 0.5, decision: 'KEEP_RUNNING' },
      { at: '2026-12-06T17:01:00Z', units: {}, primary: [{ variant: 'treatment', difference: 'NaN', lower: null, upper: null, pValue: 'NaN' }], srmPValue: 'NaN', decision: 'KEEP_RUNNING' },
      { at: '2026-12-06T17:03:00Z', units: {}, primary: [{ variant: 'treatment', difference: 0.02, lower: null, upper: null, pValue: 0.4 }], srmPValue: 0.5, decision: 'KEEP_RUNNING' }
    ])
    expect(rows.map((r) => [r.time.toISOString().slice(14, 16), r.difference, r.lower, r.upper])).toEqual([
      ['02', 0.03, -0.02, 0.08],
      ['03', 0.02, null, null]
    ])
  })
})

describe('experimentActions', () => {
  it('offers start to drafts, stop to running ones, and apply for a decision not yet carried out', () => {
    expect(experimentActions({ ...experiment, status: 'DRAFT' })).toEqual(['start'])
    expect(experimentActions({ ...experiment, status: 'STARTING' })).toEqual(['start'])
    expect(experimentActions(experiment)).toEqual(['stop'])
    const decision = { kind: 'PROMOTE' as const, winner: 'treatment', winnerVersion: '2', reason: 'better', evidence: {}, decidedAt: '2026-12-06T17:05:00Z', applied: false, auditedAt: null }
    expect(experimentActions({ ...experiment, decision })).toEqual(['stop', 'decision/apply'])
    expect(experimentActions({ ...experiment, decision: { ...decision, applied: true } })).toEqual(['stop'])
    expect(experimentActions({ ...experiment, decision: { ...decision, kind: 'KEEP_RUNNING' } })).toEqual(['stop'])
    expect(experimentActions({ ...experiment, status: 'STOPPED', decision })).toEqual([])
  })
})

describe('experimentAuditEntries', () => {
  const entry = (target: string, action = 'POST'): AuditEntry => ({ seq: 1, time: '', actor: 'ana', action, target, before: null, after: null, status: 200 })
  it('keeps the decisions and the changes of one experiment', () => {
    const entries = [entry('experiment:risk-ab', 'DECIDE PROMOTE'), entry('experiment:risk-abc'), entry('route-rule:risk'), entry('/api/v1/ai/experiments/risk-ab/start')]
    expect(experimentAuditEntries(entries, 'risk-ab').map((e) => e.target)).toEqual(['experiment:risk-ab', '/api/v1/ai/experiments/risk-ab/start'])
  })
})
